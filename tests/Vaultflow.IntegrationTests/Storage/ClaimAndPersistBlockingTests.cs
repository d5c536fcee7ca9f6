using Npgsql;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Storage;

/// <summary>
/// The one-statement first attempt held mid-way on real connections: its record is inserted (uncommitted,
/// invisible to others) while its ledger insert waits on another session's uncommitted ledger row. What it
/// leaves depends only on how that wait ends, never on timing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClaimAndPersistBlockingTests(PostgresFixture postgres)
{
    private const string Step = "persist";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ClaimAndPersistAsync_LedgerRowHolderCommits_ReturnsNullAndItsRecordRollsBack()
    {
        var record = TestRecords.New();
        var name = "vf-cap-" + Guid.NewGuid().ToString("N")[..8];
        await using var dataSource = BlockedSessions.NamedDataSource(postgres.Database.AppConnectionString, name);
        var (holder, holding) = await BlockedSessions.HoldLedgerRowAsync(postgres.App, record.IdempotencyKey, Step);
        await using (holder)
        {
            var attempt = TestRecords.Store(dataSource).ClaimAndPersistAsync(record, ClaimAndPersistTests.Completion(record, "req-1"));
            var pid = await BlockedSessions.WaitUntilBlockedAsync(postgres.App, name);
            Assert.Equal([holder.ProcessID], await BlockedSessions.BlockingPidsAsync(postgres.App, pid));
            Assert.Equal(0, await CountRecordsAsync(postgres.Owner, record.IdempotencyKey));

            await holding.CommitAsync();
            var result = await attempt;

            Assert.Null(result);
        }

        Assert.Equal(0, await CountRecordsAsync(postgres.Owner, record.IdempotencyKey));
        var row = await LedgerRow.ReadAsync(postgres.Owner, record.IdempotencyKey, Step);
        Assert.Equal(("in_progress", "req-holder", 1, (string?)null), (row!.Status, row.Owner, row.Attempts, row.ResultJson));
    }

    [Fact]
    public async Task ClaimAndPersistAsync_LedgerRowHolderRollsBack_WritesRecordAndCompletedStep()
    {
        var record = TestRecords.New();
        var name = "vf-cap-" + Guid.NewGuid().ToString("N")[..8];
        await using var dataSource = BlockedSessions.NamedDataSource(postgres.Database.AppConnectionString, name);
        var (holder, holding) = await BlockedSessions.HoldLedgerRowAsync(postgres.App, record.IdempotencyKey, Step);
        await using (holder)
        {
            var attempt = TestRecords.Store(dataSource).ClaimAndPersistAsync(record, ClaimAndPersistTests.Completion(record, "req-1"));
            await BlockedSessions.WaitUntilBlockedAsync(postgres.App, name);

            await holding.RollbackAsync();
            var result = await attempt;

            Assert.NotNull(result);
            Assert.True(result.Inserted);
        }

        Assert.Equal(1, await CountRecordsAsync(postgres.Owner, record.IdempotencyKey));
        var row = await LedgerRow.ReadAsync(postgres.Owner, record.IdempotencyKey, Step);
        Assert.Equal(("completed", "req-1", 1), (row!.Status, row.Owner, row.Attempts));
    }

    [Fact]
    public async Task ClaimAndPersistAsync_ConnectionKilledAfterTheRecordInsert_LeavesNeitherRow()
    {
        var record = TestRecords.New();
        var name = "vf-cap-" + Guid.NewGuid().ToString("N")[..8];
        await using var dataSource = BlockedSessions.NamedDataSource(postgres.Database.AppConnectionString, name);
        var (holder, holding) = await BlockedSessions.HoldLedgerRowAsync(postgres.App, record.IdempotencyKey, Step);
        await using (holder)
        {
            var attempt = TestRecords.Store(dataSource).ClaimAndPersistAsync(record, ClaimAndPersistTests.Completion(record, "req-1"));
            var pid = await BlockedSessions.WaitUntilBlockedAsync(postgres.App, name);
            Assert.Equal([holder.ProcessID], await BlockedSessions.BlockingPidsAsync(postgres.App, pid));

            await using (var kill = postgres.App.CreateCommand("SELECT pg_terminate_backend(@pid)"))
            {
                kill.Parameters.AddWithValue("pid", pid);
                Assert.Equal(true, await kill.ExecuteScalarAsync());
            }

            var error = await Assert.ThrowsAsync<TransientException>(() => attempt);
            Assert.Contains(record.IdempotencyKey, error.Message, StringComparison.Ordinal);
            await holding.RollbackAsync();
        }

        Assert.Equal(0, await CountRecordsAsync(postgres.Owner, record.IdempotencyKey));
        Assert.Null(await LedgerRow.ReadAsync(postgres.Owner, record.IdempotencyKey, Step));
    }

    [Fact]
    public async Task ClaimAndPersistAsync_SecondClaimantArrivesMidWay_WaitsThenFindsTheStepCompleted()
    {
        var key = TestRecords.NewKey();
        var first = TestRecords.New(key);
        var second = TestRecords.New(key);
        var firstName = "vf-cap-" + Guid.NewGuid().ToString("N")[..8];
        var secondName = "vf-cap-" + Guid.NewGuid().ToString("N")[..8];
        await using var firstSource = BlockedSessions.NamedDataSource(postgres.Database.AppConnectionString, firstName);
        await using var secondSource = BlockedSessions.NamedDataSource(postgres.Database.AppConnectionString, secondName);
        var (holder, holding) = await BlockedSessions.HoldLedgerRowAsync(postgres.App, key, Step);
        Task<PersistResult?> firstAttempt, secondAttempt;
        await using (holder)
        {
            firstAttempt = TestRecords.Store(firstSource).ClaimAndPersistAsync(first, ClaimAndPersistTests.Completion(first, "req-a"));
            var firstPid = await BlockedSessions.WaitUntilBlockedAsync(postgres.App, firstName);
            secondAttempt = TestRecords.Store(secondSource).ClaimAndPersistAsync(second, ClaimAndPersistTests.Completion(second, "req-b"));
            var secondPid = await BlockedSessions.WaitUntilBlockedAsync(postgres.App, secondName);

            // The second waits on the first's uncommitted record, not on the holder: the first is past its insert.
            Assert.Equal([firstPid], await BlockedSessions.BlockingPidsAsync(postgres.App, secondPid));

            await holding.RollbackAsync();
        }

        var (a, b) = (await firstAttempt, await secondAttempt);
        var claim = await TestRecords.Ledger(postgres.App).BeginAsync(key, Step, "req-b", Lease);

        Assert.Equal(new PersistOutcome(first.Id, Inserted: true), a!.Outcome);
        Assert.Null(b);
        Assert.Equal(StepClaimOutcome.AlreadyCompleted, claim.Outcome);
        Assert.Equal(
            await LedgerRow.AsJsonbTextAsync(postgres.Owner, ClaimAndPersistTests.ResultJson(a.Outcome)),
            await LedgerRow.AsJsonbTextAsync(postgres.Owner, claim.ResultJson!));
        Assert.Equal(1, await CountRecordsAsync(postgres.Owner, key));
    }

    private static async Task<long> CountRecordsAsync(NpgsqlDataSource source, string key)
    {
        await using var command = source.CreateCommand("SELECT count(*) FROM records WHERE idempotency_key = @key");
        command.Parameters.AddWithValue("key", key);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
