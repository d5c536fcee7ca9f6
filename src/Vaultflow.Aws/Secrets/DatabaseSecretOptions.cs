using Npgsql;

namespace Vaultflow.Aws.Secrets;

/// <summary>How a database secret becomes an Npgsql connection string.</summary>
public sealed record DatabaseSecretOptions
{
    /// <summary>
    /// SSL mode for RDS JSON secrets (a connection-string secret keeps its own). Require encrypts
    /// without verifying the server certificate (Npgsql 8+, as libpq); RDS for PostgreSQL 15+ refuses
    /// unencrypted connections by default. VerifyFull also needs the RDS CA bundle, which Lambda's OS
    /// images do not trust by default: store a connection string with Root Certificate=... for that.
    /// </summary>
    public SslMode SslMode { get; init; } = SslMode.Require;

    /// <summary>Shown in pg_stat_activity unless the secret sets its own.</summary>
    public string ApplicationName { get; init; } = "vaultflow";
}
