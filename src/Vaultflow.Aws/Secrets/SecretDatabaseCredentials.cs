using Vaultflow.Core.Storage.Connections;

namespace Vaultflow.Aws.Secrets;

/// <summary>
/// <see cref="IDatabaseCredentials"/> from a cached secret: the connection string
/// <see cref="DatabaseSecret"/> makes of its value, parsed again only when the value changes.
/// </summary>
public sealed class SecretDatabaseCredentials : IDatabaseCredentials
{
    private readonly CachedSecret _secret;
    private readonly DatabaseSecretOptions _options;
    private Parsed? _last;

    public SecretDatabaseCredentials(CachedSecret secret, DatabaseSecretOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        _secret = secret;
        _options = options ?? new DatabaseSecretOptions();
    }

    public string Source => _secret.Description;

    public async ValueTask<string> GetConnectionStringAsync(CancellationToken cancellationToken = default) =>
        ToConnectionString(await _secret.GetAsync(cancellationToken).ConfigureAwait(false));

    public async ValueTask<string> RefreshConnectionStringAsync(CancellationToken cancellationToken = default) =>
        ToConnectionString(await _secret.RefreshAsync(cancellationToken).ConfigureAwait(false));

    private string ToConnectionString(string secret)
    {
        if (Volatile.Read(ref _last) is { } last && string.Equals(last.Secret, secret, StringComparison.Ordinal))
        {
            return last.ConnectionString;
        }

        var parsed = new Parsed(secret, DatabaseSecret.ToConnectionString(secret, _secret.Setting, _secret.Description, _options));
        Volatile.Write(ref _last, parsed);
        return parsed.ConnectionString;
    }

    private sealed record Parsed(string Secret, string ConnectionString);
}
