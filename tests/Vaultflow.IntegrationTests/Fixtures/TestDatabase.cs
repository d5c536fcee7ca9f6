using Npgsql;

namespace Vaultflow.IntegrationTests.Fixtures;

/// <summary>
/// A throw-away database <c>vaultflow_test_&lt;random&gt;</c> created by the owner role, with owner and
/// app data sources pointing at it. Dropped on dispose. Nothing is migrated here.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly PostgresConfig _config;

    private TestDatabase(PostgresConfig config, string name)
    {
        _config = config;
        Name = name;
        OwnerConnectionString = WithDatabase(config.OwnerConnectionString, name);
        AppConnectionString = WithDatabase(config.AppConnectionString, name);
        Owner = NpgsqlDataSource.Create(OwnerConnectionString);
        App = NpgsqlDataSource.Create(AppConnectionString);
    }

    public string Name { get; }

    public string OwnerConnectionString { get; }

    public string AppConnectionString { get; }

    /// <summary>Connections as the owner role (migrations, inspection).</summary>
    public NpgsqlDataSource Owner { get; }

    /// <summary>Connections as the app role: what the functions use.</summary>
    public NpgsqlDataSource App { get; }

    public static async Task<TestDatabase> CreateAsync(PostgresConfig config)
    {
        // The name is generated here from hex digits only, so it is safe as an identifier.
        var name = "vaultflow_test_" + Guid.NewGuid().ToString("N")[..16];
        await using var maintenance = NpgsqlDataSource.Create(config.OwnerConnectionString);
        await using var create = maintenance.CreateCommand("CREATE DATABASE " + name);
        await create.ExecuteNonQueryAsync();
        return new TestDatabase(config, name);
    }

    public async ValueTask DisposeAsync()
    {
        await Owner.DisposeAsync();
        await App.DisposeAsync();
        await using var maintenance = NpgsqlDataSource.Create(_config.OwnerConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                await using var drop = maintenance.CreateCommand("DROP DATABASE IF EXISTS " + Name);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && DateTime.UtcNow < deadline)
            {
                // A connection from a data source disposed a moment ago may still be closing.
                await Task.Delay(100);
            }
        }
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database, ApplicationName = "vaultflow-tests" }.ConnectionString;
}
