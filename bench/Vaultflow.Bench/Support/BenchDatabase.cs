using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vaultflow.Core.Storage.Migrations;

namespace Vaultflow.Bench.Support;

/// <summary>
/// A fresh, migrated database <c>vaultflow_bench_&lt;random&gt;</c> created by the owner role from
/// .vaultflow/postgres.json (as the integration fixtures do), dropped on dispose.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _maintenance;

    private BenchDatabase(string maintenance, string name, string ownerConnectionString, string appConnectionString)
    {
        _maintenance = maintenance;
        Name = name;
        AppConnectionString = appConnectionString;
        Owner = NpgsqlDataSource.Create(ownerConnectionString);
        App = NpgsqlDataSource.Create(appConnectionString);
    }

    public string AppConnectionString { get; }

    public string Name { get; }

    public NpgsqlDataSource Owner { get; }

    public NpgsqlDataSource App { get; }

    public static async Task<BenchDatabase> CreateAsync(string repoRoot)
    {
        var path = Path.Combine(repoRoot, ".vaultflow", "postgres.json");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"No PostgreSQL settings at {path}. Run scripts/setup first.");
        }

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var owner = document.RootElement.GetProperty("ownerConnectionString").GetString()!;
        var app = document.RootElement.GetProperty("appConnectionString").GetString()!;
        var appUser = document.RootElement.TryGetProperty("appUser", out var u) ? u.GetString() ?? "vaultflow_app" : "vaultflow_app";

        // Hex digits only: safe as an identifier.
        var name = "vaultflow_bench_" + Guid.NewGuid().ToString("N")[..16];
        await using (var maintenance = NpgsqlDataSource.Create(owner))
        await using (var create = maintenance.CreateCommand("CREATE DATABASE " + name))
        {
            await create.ExecuteNonQueryAsync();
        }

        var db = new BenchDatabase(owner, name, With(owner, name), With(app, name));
        await new MigrationRunner(db.Owner, new MigrationOptions { AppRole = appUser }, NullLogger<MigrationRunner>.Instance).RunAsync();
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        await Owner.DisposeAsync();
        await App.DisposeAsync();
        await using var maintenance = NpgsqlDataSource.Create(_maintenance);
        await using var drop = maintenance.CreateCommand("DROP DATABASE IF EXISTS " + Name + " WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }

    private static string With(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database, ApplicationName = "vaultflow-bench", MaxPoolSize = 20 }.ConnectionString;
}
