using System.Text.Json;
using Npgsql;
using Vaultflow.Core.Errors;

namespace Vaultflow.Aws.Secrets;

/// <summary>
/// Turns a database secret into an Npgsql connection string. Two formats: an Npgsql connection
/// string (keyword=value pairs), or the JSON secret RDS and Secrets Manager's rotation templates use:
/// <c>{"engine":"postgres","host":"...","port":5432,"username":"...","password":"...","dbname":"..."}</c>
/// (port and dbname optional; without dbname Npgsql connects to the database named like the user).
/// No message ever quotes the secret, since it holds the password.
/// </summary>
public static class DatabaseSecret
{
    private static readonly HashSet<string> PostgresEngines = new(StringComparer.OrdinalIgnoreCase) { "postgres", "postgresql", "aurora-postgresql" };

    /// <param name="secret">The secret's string value.</param>
    /// <param name="setting">The setting naming the secret (reported in errors).</param>
    /// <param name="description">The secret's description for messages, e.g. "secret 'arn:...'".</param>
    /// <param name="options">SSL mode for JSON secrets, application name.</param>
    /// <exception cref="ConfigurationException">The secret is neither format, or misses a required field.</exception>
    public static string ToConnectionString(string secret, string setting, string description, DatabaseSecretOptions options)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(options);
        var trimmed = secret.Trim();
        var builder = trimmed.StartsWith('{') ? FromRdsJson(trimmed, setting, description, options) : FromConnectionString(trimmed, setting, description);
        if (string.IsNullOrWhiteSpace(builder.ApplicationName))
        {
            builder.ApplicationName = options.ApplicationName;
        }

        return builder.ConnectionString;
    }

    private static NpgsqlConnectionStringBuilder FromRdsJson(string json, string setting, string description, DatabaseSecretOptions options)
    {
        RdsSecret? secret;
        try
        {
            secret = JsonSerializer.Deserialize(json, SecretsJsonContext.Default.RdsSecret);
        }
        catch (JsonException)
        {
            // The parser's message can quote the JSON, which holds the password.
            throw new ConfigurationException(setting, $"{description} starts with '{{' but is not valid JSON of the RDS form {{\"engine\",\"host\",\"port\",\"username\",\"password\",\"dbname\"}} (port as a number). The value is not shown because it holds a password.");
        }

        if (secret is null)
        {
            throw new ConfigurationException(setting, $"{description} is JSON null; store a connection string or the RDS JSON {{\"host\",\"port\",\"username\",\"password\",\"dbname\"}}.");
        }

        if (secret.Engine is { Length: > 0 } engine && !PostgresEngines.Contains(engine))
        {
            throw new ConfigurationException(setting, $"{description} is for engine '{engine}'; Vaultflow needs PostgreSQL (engine 'postgres'). Point {setting} at the PostgreSQL database's secret.");
        }

        var missing = new[] { ("host", secret.Host), ("username", secret.Username), ("password", secret.Password) }
            .Where(field => string.IsNullOrWhiteSpace(field.Item2))
            .Select(field => field.Item1)
            .ToArray();
        if (missing.Length > 0)
        {
            throw new ConfigurationException(setting, $"{description} has no {string.Join(", ", missing)}: an RDS JSON secret needs host, username and password (port defaults to 5432, dbname to the user name).");
        }

        if (secret.Port is { } port && port is < 1 or > 65535)
        {
            throw new ConfigurationException(setting, $"{description} has port {port}; use the database's port (5432 by default).");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = secret.Host,
            Port = secret.Port ?? 5432,
            Username = secret.Username,
            Password = secret.Password,
            SslMode = options.SslMode,
        };
        if (!string.IsNullOrWhiteSpace(secret.DbName))
        {
            builder.Database = secret.DbName;
        }

        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string value, string setting, string description)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException)
        {
            // The parser's message can quote fragments of the value, which may hold the password.
            throw new ConfigurationException(setting, $"{description} is neither an Npgsql connection string (keyword=value pairs separated by ';') nor RDS JSON. The value is not shown because it may contain a password.");
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ConfigurationException(setting, $"{description} has no Host: a connection-string secret needs Host=<server> (and Port, Database, Username, Password).");
        }

        return builder;
    }
}
