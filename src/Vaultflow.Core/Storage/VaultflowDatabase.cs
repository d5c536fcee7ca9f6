using Microsoft.Extensions.Logging;
using Npgsql;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Storage;

/// <summary>Builds the one <see cref="NpgsqlDataSource"/> a process uses, from validated options.</summary>
public static class VaultflowDatabase
{
    /// <summary>The environment variable holding the connection string.</summary>
    public const string ConnectionStringVariable = "VAULTFLOW_DB";

    /// <summary>Reads <c>VAULTFLOW_DB</c> through <paramref name="getEnvironmentVariable"/> (e.g. Environment.GetEnvironmentVariable).</summary>
    /// <exception cref="ConfigurationException">VAULTFLOW_DB is missing or not a valid connection string.</exception>
    public static VaultflowDatabaseOptions OptionsFromEnvironment(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var options = new VaultflowDatabaseOptions(getEnvironmentVariable(ConnectionStringVariable) ?? string.Empty);
        _ = ParseConnectionString(options);
        return options;
    }

    /// <exception cref="ConfigurationException">The connection string is missing or invalid.</exception>
    public static NpgsqlDataSource CreateDataSource(VaultflowDatabaseOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlDataSourceBuilder(ParseConnectionString(options).ConnectionString);
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return builder.Build();
    }

    private static NpgsqlConnectionStringBuilder ParseConnectionString(VaultflowDatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ConfigurationException(
                ConnectionStringVariable,
                $"{ConnectionStringVariable} is not set. Set it to an Npgsql connection string such as " +
                "'Host=127.0.0.1;Port=55432;Database=vaultflow;Username=vaultflow_app;Password=...' " +
                "(locally, scripts/setup writes one to .vaultflow/postgres.json as appConnectionString).");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException)
        {
            // The parser's message can quote fragments of the value, which may hold the password.
            throw new ConfigurationException(
                ConnectionStringVariable,
                $"{ConnectionStringVariable} is not a valid Npgsql connection string: use keyword=value pairs separated by ';' " +
                "(Host, Port, Database, Username, Password; URLs such as postgres://... are not accepted). The value is not shown because it may contain a password.");
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ConfigurationException(
                ConnectionStringVariable,
                $"{ConnectionStringVariable} has no Host: add Host=<server> (and Port, Database, Username, Password).");
        }

        if (string.IsNullOrWhiteSpace(builder.ApplicationName))
        {
            builder.ApplicationName = options.ApplicationName;
        }

        return builder;
    }
}
