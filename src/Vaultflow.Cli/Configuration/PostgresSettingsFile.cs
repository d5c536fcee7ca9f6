using System.Text.Json;
using Npgsql;
using Vaultflow.Core.Errors;

namespace Vaultflow.Cli.Configuration;

/// <summary><c>&lt;state-dir&gt;/postgres.json</c>, written by scripts/setup: the owner and app connection strings of the project's cluster.</summary>
internal sealed record PostgresSettingsFile(string OwnerConnectionString, string? AppConnectionString, string AppUser)
{
    public const string FileName = "postgres.json";

    public static PostgresSettingsFile Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var owner = Text("ownerConnectionString")
                ?? throw new ConfigurationException(path, $"{path} has no ownerConnectionString: run scripts/setup again, or pass --connection-string.");
            return new PostgresSettingsFile(owner, Text("appConnectionString"), Text("appUser") ?? Core.Storage.Migrations.MigrationOptions.DefaultAppRole);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(path, $"{path} cannot be read ({ex.GetType().Name}): run scripts/setup again, or pass --connection-string.");
        }
    }

    /// <summary>A connection string pointed at <paramref name="database"/>.</summary>
    public static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
}
