using Npgsql;

namespace Vaultflow.Core.Storage.Connections;

/// <summary>
/// Where the stores and the ledger get their PostgreSQL connections. One per process; the
/// implementation decides whether its data source is fixed (<see cref="FixedDatabaseConnections"/>)
/// or rebuilt when the credentials change (<see cref="RotatingDatabaseConnections"/>).
/// </summary>
public interface IDatabaseConnections
{
    /// <summary>An open connection; dispose it to return it to the pool.</summary>
    ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default);
}
