using System.Text.Json;

namespace Vaultflow.IntegrationTests.Fixtures;

/// <summary>
/// The connection settings scripts/setup writes to .vaultflow/postgres.json. Found through
/// VAULTFLOW_POSTGRES_CONFIG, else by walking up from the test binaries to the checkout.
/// </summary>
public sealed record PostgresConfig(string OwnerConnectionString, string AppConnectionString, string AppUser)
{
    public const string ConfigVariable = "VAULTFLOW_POSTGRES_CONFIG";

    public static PostgresConfig Load()
    {
        var path = Locate();
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        return new PostgresConfig(
            Required(root, "ownerConnectionString", path),
            Required(root, "appConnectionString", path),
            root.TryGetProperty("appUser", out var user) ? user.GetString() ?? "vaultflow_app" : "vaultflow_app");
    }

    private static string Locate()
    {
        var explicitPath = Environment.GetEnvironmentVariable(ConfigVariable);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return File.Exists(explicitPath)
                ? explicitPath
                : throw new InvalidOperationException(
                    $"{ConfigVariable} points to '{explicitPath}', which does not exist. Run scripts/setup, or unset {ConfigVariable} to use .vaultflow/postgres.json.");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".vaultflow", "postgres.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"No PostgreSQL settings found: neither {ConfigVariable} nor a .vaultflow/postgres.json above {AppContext.BaseDirectory}. " +
            "Run scripts/setup from the repository root to start the project's PostgreSQL cluster and write them.");
    }

    private static string Required(JsonElement root, string property, string path) =>
        root.TryGetProperty(property, out var value) && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException($"{path} has no '{property}'. Run scripts/setup again to rewrite it.");
}
