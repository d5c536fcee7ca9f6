namespace Vaultflow.Core.Storage.Connections;

/// <summary>
/// Where the connection string comes from when it can change while the process runs (a rotated
/// secret). Implementations cache; Core never sees how the value is fetched (that is adapter code).
/// </summary>
public interface IDatabaseCredentials
{
    /// <summary>Names the source for messages and logs, e.g. "secret 'arn:...' via the Parameters and Secrets extension". Never the value.</summary>
    string Source { get; }

    /// <summary>The current connection string, from the cache while it is fresh.</summary>
    ValueTask<string> GetConnectionStringAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the connection string afresh, bypassing the cache (PostgreSQL refused the cached one).</summary>
    ValueTask<string> RefreshConnectionStringAsync(CancellationToken cancellationToken = default);
}
