using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Core.Errors;

namespace Vaultflow.Aws.Secrets;

/// <summary>
/// Keeps a secret in memory for a time-to-live, so invocations do not each call the source. However
/// many callers ask at once, at most one fetch is in flight and they all share its result. A failed
/// fetch is reported to its callers and never cached; when it only failed to renew an expired value,
/// that value is served for <see cref="RetryAfterFailure"/> before the next attempt, so a struggling
/// source is not asked on every call. <see cref="RefreshAsync"/> drops the value and fetches again
/// (credentials were refused).
/// </summary>
public sealed class CachedSecret
{
    /// <summary>How long an expired value is served again after a failed renewal (at most the TTL).</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly ISecretSource _source;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Entry? _entry;
    private Task<string>? _inflight;
    private long _fetches;

    /// <param name="ttl">How long a fetched value is served from memory; zero fetches on every call (concurrent calls still share one fetch).</param>
    public CachedSecret(ISecretSource source, TimeSpan ttl, TimeProvider? timeProvider = null, ILogger<CachedSecret>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.Zero);
        _source = source;
        _ttl = ttl;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<CachedSecret>.Instance;
    }

    /// <summary>The source's description (never the value).</summary>
    public string Description => _source.Description;

    /// <summary>The setting that names the secret.</summary>
    public string Setting => _source.Setting;

    /// <summary>How many times the source was asked (successfully or not).</summary>
    public long Fetches => Interlocked.Read(ref _fetches);

    /// <summary>The cached value while it is fresh, else the result of one (shared) fetch.</summary>
    public Task<string> GetAsync(CancellationToken cancellationToken = default)
    {
        Task<string> fetch;
        lock (_gate)
        {
            if (_entry is { } entry && _time.GetUtcNow() < entry.ExpiresAt)
            {
                return Task.FromResult(entry.Value);
            }

            // The fetch runs on its own, not under any caller's token: one caller giving up must not fail the others.
            fetch = _inflight ??= Task.Run(FetchAsync, CancellationToken.None);
        }

        return fetch.WaitAsync(cancellationToken);
    }

    /// <summary>Drops the cached value and fetches again (joining a fetch already in flight).</summary>
    public Task<string> RefreshAsync(CancellationToken cancellationToken = default)
    {
        Invalidate();
        return GetAsync(cancellationToken);
    }

    /// <summary>Drops the cached value; the next <see cref="GetAsync"/> fetches.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _entry = null;
        }
    }

    private async Task<string> FetchAsync()
    {
        Interlocked.Increment(ref _fetches);
        try
        {
            var value = await _source.GetSecretStringAsync(CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                _entry = new Entry(value, _time.GetUtcNow() + _ttl);
                _inflight = null;
            }

            SecretsLog.SecretFetched(_logger, _source.Description, _ttl);
            return value;
        }
        catch (Exception error)
        {
            lock (_gate)
            {
                _inflight = null;
                if (_entry is { } expired)
                {
                    _entry = expired with { ExpiresAt = _time.GetUtcNow() + (_ttl < RetryAfterFailure ? _ttl : RetryAfterFailure) };
                }
            }

            SecretsLog.SecretFetchFailed(_logger, _source.Description, error is VaultflowException v ? v.ErrorType : error.GetType().Name);
            throw;
        }
    }

    private sealed record Entry(string Value, DateTimeOffset ExpiresAt);
}
