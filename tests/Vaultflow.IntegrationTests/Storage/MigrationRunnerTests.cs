using Npgsql;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Storage.Migrations;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class MigrationRunnerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task RunAsync_FreshDatabase_AppliesEveryMigrationWithChecksum()
    {
        await using var db = await postgres.CreateScratchDatabaseAsync();
        var embedded = EmbeddedMigrations.Load();

        var result = await postgres.CreateMigrationRunner(db.Owner).RunAsync();

        Assert.Equal(embedded.Select(m => m.Version), result.Applied.Select(m => m.Version));
        Assert.Equal(0, result.AlreadyApplied);
        await using var command = db.Owner.CreateCommand("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        foreach (var migration in embedded)
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(migration.Version, reader.GetInt32(0));
            Assert.Equal(migration.Name, reader.GetString(1));
            Assert.Equal(migration.Checksum, reader.GetString(2));
        }

        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task RunAsync_SecondRun_AppliesNothing()
    {
        await using var db = await postgres.CreateScratchDatabaseAsync();
        var runner = postgres.CreateMigrationRunner(db.Owner);
        var first = await runner.RunAsync();

        var second = await runner.RunAsync();

        Assert.NotEmpty(first.Applied);
        Assert.Empty(second.Applied);
        Assert.Equal(first.Applied.Count, second.AlreadyApplied);
        Assert.Equal(first.Applied.Count, await CountHistoryAsync(db.Owner));
    }

    [Fact]
    public async Task RunAsync_TwoConcurrentRunners_ApplyEachMigrationOnce()
    {
        await using var db = await postgres.CreateScratchDatabaseAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runners = Enumerable.Range(0, 2).Select(async _ =>
        {
            await gate.Task;
            return await postgres.CreateMigrationRunner(db.Owner).RunAsync();
        }).ToArray();

        gate.SetResult();
        var results = await Task.WhenAll(runners);

        var total = EmbeddedMigrations.Load().Count;
        Assert.Equal(total, results.Sum(r => r.Applied.Count));
        Assert.Contains(results, r => r.Applied.Count == total);
        Assert.Contains(results, r => r.Applied.Count == 0 && r.AlreadyApplied == total);
        Assert.Equal(total, await CountHistoryAsync(db.Owner));
    }

    [Fact]
    public async Task RunAsync_LockHeldByAnotherSession_WaitsForItThenApplies()
    {
        await using var db = await postgres.CreateScratchDatabaseAsync();
        await using var holder = await db.Owner.OpenConnectionAsync();
        await ExecuteAsync(holder, "SELECT pg_advisory_lock(@key)");

        var run = postgres.CreateMigrationRunner(db.Owner).RunAsync();
        await WaitForAdvisoryLockWaiterAsync(db.Owner);
        var finishedWhileHeld = run.IsCompleted;
        await ExecuteAsync(holder, "SELECT pg_advisory_unlock(@key)");
        var result = await run;

        Assert.False(finishedWhileHeld);
        Assert.Equal(EmbeddedMigrations.Load().Count, result.Applied.Count);
    }

    [Fact]
    public async Task RunAsync_LockHeldLongerThanLockTimeout_ThrowsMigrationException()
    {
        await using var db = await postgres.CreateScratchDatabaseAsync();
        await using var holder = await db.Owner.OpenConnectionAsync();
        await ExecuteAsync(holder, "SELECT pg_advisory_lock(@key)");
        var runner = new MigrationRunner(
            db.Owner,
            new MigrationOptions { AppRole = postgres.Config.AppUser, LockTimeout = TimeSpan.FromSeconds(1) },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MigrationRunner>.Instance);

        var error = await Assert.ThrowsAsync<MigrationException>(() => runner.RunAsync());

        Assert.Contains("held the migration lock", error.Message, StringComparison.Ordinal);
        await using var history = db.Owner.CreateCommand("SELECT to_regclass('schema_migrations') IS NULL");
        Assert.Equal(true, await history.ExecuteScalarAsync());
    }

    [Fact]
    public async Task RunAsync_AppliedMigrationEdited_ThrowsMigrationExceptionNamingIt()
    {
        await using var db = await postgres.CreateScratchDatabaseAsync();
        var runner = postgres.CreateMigrationRunner(db.Owner);
        var first = new Migration(1, "first", "CREATE TABLE t_first (id int)");
        await runner.RunAsync([first]);
        var edited = new Migration(1, "first", "CREATE TABLE t_first (id bigint)");
        var next = new Migration(2, "second", "CREATE TABLE t_second (id int)");

        var error = await Assert.ThrowsAsync<MigrationException>(() => runner.RunAsync([edited, next]));

        Assert.Equal("0001_first", error.Migration);
        Assert.Contains("changed after it was applied", error.Message, StringComparison.Ordinal);
        Assert.Contains(first.Checksum, error.Message, StringComparison.Ordinal);
        Assert.Contains(edited.Checksum, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await CountHistoryAsync(db.Owner)); // 0002 was not applied either
    }

    [Fact]
    public async Task RunAsync_LineEndingsChangedOnly_IsNotAnEdit()
    {
        await using var db = await postgres.CreateScratchDatabaseAsync();
        var runner = postgres.CreateMigrationRunner(db.Owner);
        await runner.RunAsync([new Migration(1, "first", "CREATE TABLE t_first (id int);\nCREATE TABLE t_other (id int);\n")]);

        var result = await runner.RunAsync([new Migration(1, "first", "CREATE TABLE t_first (id int);\r\nCREATE TABLE t_other (id int);\r\n")]);

        Assert.Empty(result.Applied);
        Assert.Equal(1, result.AlreadyApplied);
    }

    [Fact]
    public async Task RunAsync_FailingMigration_RollsItBackAndKeepsEarlierOnes()
    {
        await using var db = await postgres.CreateScratchDatabaseAsync();
        var runner = postgres.CreateMigrationRunner(db.Owner);
        var good = new Migration(1, "good", "CREATE TABLE t_good (id int)");
        var bad = new Migration(2, "bad", "CREATE TABLE t_half (id int); SELECT * FROM no_such_table");

        var error = await Assert.ThrowsAsync<MigrationException>(() => runner.RunAsync([good, bad]));

        Assert.Equal("0002_bad", error.Migration);
        Assert.Contains("42P01", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await CountHistoryAsync(db.Owner));
        await using var exists = db.Owner.CreateCommand("SELECT to_regclass('t_half') IS NULL AND to_regclass('t_good') IS NOT NULL");
        Assert.Equal(true, await exists.ExecuteScalarAsync());
    }

    [Fact]
    public async Task RunAsync_AppRoleMissing_ThrowsConfigurationExceptionBeforeApplying()
    {
        await using var db = await postgres.CreateScratchDatabaseAsync();
        var runner = new MigrationRunner(
            db.Owner,
            new MigrationOptions { AppRole = "vaultflow_no_such_role" },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MigrationRunner>.Instance);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => runner.RunAsync());

        Assert.Contains("vaultflow_no_such_role", error.Message, StringComparison.Ordinal);
        Assert.Equal("MigrationOptions.AppRole", error.Setting);
        await using var history = db.Owner.CreateCommand("SELECT to_regclass('records') IS NULL");
        Assert.Equal(true, await history.ExecuteScalarAsync());
    }

    [Fact]
    public async Task RunAsync_AsAppRole_ThrowsConfigurationExceptionAskingForOwner()
    {
        await using var db = await postgres.CreateScratchDatabaseAsync();

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => postgres.CreateMigrationRunner(db.App).RunAsync());

        Assert.Contains("owner role", error.Message, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", MigrationRunner.AdvisoryLockKey);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Polls pg_locks until some session waits for the migration lock; bounded.</summary>
    private static async Task WaitForAdvisoryLockWaiterAsync(NpgsqlDataSource owner)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        await using var command = owner.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))");
        while (await command.ExecuteScalarAsync() is not true)
        {
            Assert.True(DateTime.UtcNow < deadline, "No migration runner started waiting for the advisory lock within 15 s.");
            await Task.Delay(20);
        }
    }

    private static async Task<long> CountHistoryAsync(NpgsqlDataSource owner)
    {
        await using var command = owner.CreateCommand("SELECT count(*) FROM schema_migrations");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
