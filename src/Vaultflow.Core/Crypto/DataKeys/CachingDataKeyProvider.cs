using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace Vaultflow.Core.Crypto.DataKeys;

/// <summary>
/// Data keys from a keyring, with the AWS Encryption SDK's caching thresholds (see
/// <see cref="DataKeyCacheOptions"/>). Encrypt side: one cached key per encryption context, handed
/// out only while it is within every threshold, counting each use before it is handed out, so a key
/// is never used past a threshold even under concurrency. A record that does not fit the remaining
/// byte budget evicts the entry and gets a fresh key; a record larger than <c>MaxBytes</c> gets a
/// single-use key that is never cached. Decrypt side: a bounded LRU of unwrapped keys keyed by
/// (key id, wrapped key bytes, context). Thread-safe. Dispose zeroes every cached key.
/// </summary>
public sealed class CachingDataKeyProvider : IDataKeyProvider, IDisposable
{
    private readonly IKeyring _keyring;
    private readonly DataKeyCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _refill = new(1, 1);
    private readonly Dictionary<string, EncryptEntry> _encryptEntries = new(StringComparer.Ordinal);
    private readonly DecryptedKeyLru _decryptEntries;
    private long _generateCalls;
    private long _decryptCalls;
    private long _encryptHits;
    private long _encryptMisses;
    private long _decryptHits;
    private long _decryptMisses;
    private long _bypassed;
    private bool _disposed;

    /// <param name="keyring">Generates and unwraps data keys (KMS or raw AES).</param>
    /// <param name="options">Thresholds; <see cref="DataKeyCacheOptions.Disabled"/> turns caching off.</param>
    /// <param name="timeProvider">Clock for max age; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="Errors.ConfigurationException">A threshold is out of range.</exception>
    public CachingDataKeyProvider(IKeyring keyring, DataKeyCacheOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(keyring);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _keyring = keyring;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _decryptEntries = new DecryptedKeyLru(options.DecryptCacheCapacity);
    }

    /// <summary>The counters so far.</summary>
    public DataKeyCacheStatistics Statistics => new(
        Interlocked.Read(ref _generateCalls),
        Interlocked.Read(ref _decryptCalls),
        Interlocked.Read(ref _encryptHits),
        Interlocked.Read(ref _encryptMisses),
        Interlocked.Read(ref _decryptHits),
        Interlocked.Read(ref _decryptMisses),
        Interlocked.Read(ref _bypassed));

    /// <inheritdoc />
    public async Task<DataKey> GetEncryptionKeyAsync(EncryptionContext context, long plaintextLength, bool bypassCache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_options.Enabled || bypassCache)
        {
            if (bypassCache)
            {
                Interlocked.Increment(ref _bypassed);
            }

            return await GenerateAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var cacheKey = context.Canonical;
        if (TryTakeCached(cacheKey, plaintextLength, out var cached))
        {
            return cached;
        }

        // One refill at a time: concurrent misses wait here and then find the fresh entry, instead of
        // each calling the key service.
        await _refill.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (TryTakeCached(cacheKey, plaintextLength, out cached))
            {
                return cached;
            }

            var fresh = await GenerateAsync(context, cancellationToken).ConfigureAwait(false);
            if (plaintextLength > _options.MaxBytes || _options.MaxMessages <= 1)
            {
                // Exhausted by its first use: never cached, never shared.
                return fresh;
            }

            lock (_gate)
            {
                if (_disposed)
                {
                    fresh.Dispose();
                    ObjectDisposedException.ThrowIf(_disposed, this);
                }

                if (_encryptEntries.Remove(cacheKey, out var old))
                {
                    old.Key.Dispose();
                }

                _encryptEntries.Add(cacheKey, new EncryptEntry(fresh, _time.GetUtcNow()) { Messages = 1, Bytes = plaintextLength });
                return Copy(fresh);
            }
        }
        finally
        {
            _refill.Release();
        }
    }

    /// <inheritdoc />
    public async Task<byte[]> GetDecryptionKeyAsync(string keyId, ReadOnlyMemory<byte> encryptedDataKey, EncryptionContext context, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(context);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_options.Enabled)
        {
            return await UnwrapAsync(keyId, encryptedDataKey, context, cancellationToken).ConfigureAwait(false);
        }

        if (TryGetCachedDecryptionKey(keyId, encryptedDataKey.Span, context, out var copy, out var cacheKey))
        {
            return copy;
        }

        var key = await UnwrapAsync(keyId, encryptedDataKey, context, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_disposed)
            {
                CryptographicOperations.ZeroMemory(key);
                ObjectDisposedException.ThrowIf(_disposed, this);
            }

            _decryptEntries.Add(cacheKey, key, _time.GetUtcNow());
        }

        return key;
    }

    /// <summary>Zeroes every cached key.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var entry in _encryptEntries.Values)
            {
                entry.Key.Dispose();
            }

            _encryptEntries.Clear();
            _decryptEntries.Dispose();
        }

        _refill.Dispose();
    }

    /// <summary>
    /// Looks up "{keyId length}:{keyId}|{base64 of the wrapped key}|{context}" without allocating it; on a
    /// miss, returns it as a string for the add.
    /// </summary>
    private bool TryGetCachedDecryptionKey(string keyId, ReadOnlySpan<byte> encryptedDataKey, EncryptionContext context, out byte[] copy, out string cacheKey)
    {
        const int StackChars = 512;
        var length = 11 + 1 + keyId.Length + 1 + ((encryptedDataKey.Length + 2) / 3 * 4) + 1 + context.Canonical.Length;
        var rented = length > StackChars ? ArrayPool<char>.Shared.Rent(length) : null;
        try
        {
            Span<char> buffer = rented is null ? stackalloc char[StackChars] : rented;
            keyId.Length.TryFormat(buffer, out var written, provider: CultureInfo.InvariantCulture);
            buffer[written++] = ':';
            keyId.CopyTo(buffer[written..]);
            written += keyId.Length;
            buffer[written++] = '|';
            Convert.TryToBase64Chars(encryptedDataKey, buffer[written..], out var base64);
            written += base64;
            buffer[written++] = '|';
            context.Canonical.CopyTo(buffer[written..]);
            written += context.Canonical.Length;
            var key = buffer[..written];
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_decryptEntries.TryGet(key, _time.GetUtcNow(), _options.MaxAge, out copy))
                {
                    Interlocked.Increment(ref _decryptHits);
                    cacheKey = string.Empty;
                    return true;
                }
            }

            cacheKey = new string(key);
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static DataKey Copy(DataKey key) => new(key.KeyId, key.Plaintext.ToArray(), key.Encrypted);

    private bool TryTakeCached(string cacheKey, long plaintextLength, out DataKey key)
    {
        key = null!;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_encryptEntries.TryGetValue(cacheKey, out var entry))
            {
                return false;
            }

            var withinAge = _time.GetUtcNow() - entry.AddedAt < _options.MaxAge;
            var withinMessages = entry.Messages < _options.MaxMessages;
            var withinBytes = plaintextLength <= _options.MaxBytes - entry.Bytes;
            if (!(withinAge && withinMessages && withinBytes))
            {
                // Like the Encryption SDK: an entry that cannot serve this request is evicted, even if a
                // smaller request could still have used it.
                _encryptEntries.Remove(cacheKey);
                entry.Key.Dispose();
                return false;
            }

            entry.Messages++;
            entry.Bytes += plaintextLength;
            Interlocked.Increment(ref _encryptHits);
            key = Copy(entry.Key);
            return true;
        }
    }

    private async Task<DataKey> GenerateAsync(EncryptionContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _encryptMisses);
        Interlocked.Increment(ref _generateCalls);
        return await _keyring.GenerateDataKeyAsync(context, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> UnwrapAsync(string keyId, ReadOnlyMemory<byte> encryptedDataKey, EncryptionContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _decryptMisses);
        Interlocked.Increment(ref _decryptCalls);
        return await _keyring.DecryptDataKeyAsync(keyId, encryptedDataKey, context, cancellationToken).ConfigureAwait(false);
    }

    private sealed class EncryptEntry(DataKey key, DateTimeOffset addedAt)
    {
        public DataKey Key { get; } = key;

        public DateTimeOffset AddedAt { get; } = addedAt;

        public long Messages { get; set; }

        public long Bytes { get; set; }
    }
}
