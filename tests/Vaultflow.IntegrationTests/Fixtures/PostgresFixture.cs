using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vaultflow.Core.Storage.Migrations;

namespace Vaultflow.IntegrationTests.Fixtures;

/// <summary>
/// One migrated database per test run (per collection), on the cluster scripts/setup started.
/// Use it through <c>[Collection(PostgresCollection.Name)]</c>. Each run gets its own database, so
/// parallel runs and other collections never see each other's rows; tests still use fresh keys
/// (Guid) because the classes of the collection share the database.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public PostgresConfig Config { get; private set; } = null!;

    /// <summary>The migrated database.</summary>
    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>Connections as the app role (vaultflow_app): what the functions use.</summary>
    public NpgsqlDataSource App => Database.App;

    /// <summary>Connections as the owner role (vaultflow_owner): inspection and set-up only.</summary>
    public NpgsqlDataSource Owner => Database.Owner;

    /// <summary>An empty, unmigrated database of its own; dispose it at the end of the test.</summary>
    public Task<TestDatabase> CreateScratchDatabaseAsync() => TestDatabase.CreateAsync(Config);

    /// <summary>A migration runner for <paramref name="owner"/> granting the configured app role.</summary>
    public MigrationRunner CreateMigrationRunner(NpgsqlDataSource owner) =>
        new(owner, new MigrationOptions { AppRole = Config.AppUser }, NullLogger<MigrationRunner>.Instance);

    public async Task InitializeAsync()
    {
        Config = PostgresConfig.Load();
        _database = await TestDatabase.CreateAsync(Config);
        await CreateMigrationRunner(_database.Owner).RunAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Postgres";
}
