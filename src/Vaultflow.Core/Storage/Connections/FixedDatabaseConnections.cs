using Npgsql;

namespace Vaultflow.Core.Storage.Connections;

/// <summary>Connections from one data source the caller owns (tests, the CLI, benchmarks).</summary>
public sealed class FixedDatabaseConnections : IDatabaseConnections
{
    private readonly NpgsqlDataSource _dataSource;

    public FixedDatabaseConnections(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        _dataSource.OpenConnectionAsync(cancellationToken);
}
