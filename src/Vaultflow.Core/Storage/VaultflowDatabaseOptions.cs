namespace Vaultflow.Core.Storage;

/// <summary>How Vaultflow connects to PostgreSQL.</summary>
/// <param name="ConnectionString">An Npgsql keyword=value connection string (from VAULTFLOW_DB).</param>
public sealed record VaultflowDatabaseOptions(string ConnectionString)
{
    /// <summary>Shown in pg_stat_activity unless the connection string sets its own.</summary>
    public string ApplicationName { get; init; } = "vaultflow";
}
