using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class BatchPersistTests(PostgresFixture postgres)
{
    private const string Step = "persist";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private BatchRecordWriter Writer() => new(postgres.App, TestRecords.Ledger(postgres.App), NullLogger<BatchRecordWriter>.Instance);

    private static LedgerCompletion Completion(string key, string request) =>
        new(key, Step, request, o => $$"""{"recordId":"{{o.RecordId}}","inserted":{{(o.Inserted ? "true" : "false")}}}""");

    [Fact]
    public async Task PersistBatchAsync_NewKeys_InsertsAllAndCompletesEveryStep()
    {
        var writer = Writer();
        var records = Enumerable.Range(0, 10).Select(_ => TestRecords.New()).ToList();
        const string request = "req-batch-new";

        var claims = await writer.BeginBatchAsync([.. records.Select(r => r.IdempotencyKey)], Step, request, Lease);
        var results = await writer.PersistBatchAsync([.. records.Select(r => new BatchPersistItem(r, Completion(r.IdempotencyKey, request)))]);

        Assert.All(claims, c => Assert.Equal(StepClaimOutcome.Claimed, c.Outcome));
        Assert.Equal(records.Select(r => r.Id), results.Select(r => r.Record.Id));
        Assert.All(results, r => Assert.True(r.Inserted));
        var ledger = TestRecords.Ledger(postgres.App);
        foreach (var record in records)
        {
            var again = await ledger.BeginAsync(record.IdempotencyKey, Step, "req-later", Lease);
            Assert.Equal(StepClaimOutcome.AlreadyCompleted, again.Outcome);
            Assert.Contains(record.Id.ToString(), again.ResultJson, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PersistBatchAsync_KeyStoredBeforeAndKeyRepeatedInBatch_ReturnExistingRowsNotInserted()
    {
        var writer = Writer();
        var stored = TestRecords.New();
        await TestRecords.Store(postgres.App).PersistAsync(stored);
        var redelivery = TestRecords.New(stored.IdempotencyKey);
        var fresh = TestRecords.New();
        var freshAgain = TestRecords.New(fresh.IdempotencyKey);

        var results = await writer.PersistBatchAsync([new(redelivery, null), new(fresh, null), new(freshAgain, null)]);

        Assert.False(results[0].Inserted);
        Assert.Equal(stored.Id, results[0].Record.Id);
        Assert.True(results[1].Inserted);
        Assert.Equal(fresh.Id, results[1].Record.Id);
        Assert.False(results[2].Inserted);
        Assert.Equal(fresh.Id, results[2].Record.Id);
        var store = TestRecords.Store(postgres.App);
        Assert.Null(await store.GetByIdAsync(redelivery.Id));
        Assert.Null(await store.GetByIdAsync(freshAgain.Id));
    }

    [Fact]
    public async Task PersistBatchAsync_OneCompletionNotOwned_ThrowsStepInProgressAndWritesNothing()
    {
        var writer = Writer();
        var owned = TestRecords.New();
        var foreign = TestRecords.New();
        _ = await writer.BeginBatchAsync([owned.IdempotencyKey], Step, "req-mine", Lease);
        _ = await writer.BeginBatchAsync([foreign.IdempotencyKey], Step, "req-other", Lease);

        var error = await Assert.ThrowsAsync<StepInProgressException>(() => writer.PersistBatchAsync(
        [
            new(owned, Completion(owned.IdempotencyKey, "req-mine")),
            new(foreign, Completion(foreign.IdempotencyKey, "req-mine")),
        ]));

        Assert.Contains(foreign.IdempotencyKey, error.Message, StringComparison.Ordinal);
        var store = TestRecords.Store(postgres.App);
        Assert.Null(await store.GetByIdAsync(owned.Id));
        Assert.Null(await store.GetByIdAsync(foreign.Id));
        var stillMine = await TestRecords.Ledger(postgres.App).BeginAsync(owned.IdempotencyKey, Step, "req-mine", Lease);
        Assert.Equal(StepClaimOutcome.Resumed, stillMine.Outcome);
    }

    [Fact]
    public async Task BeginBatchAsync_NewCompletedAndRepeatedKeys_ClaimsNewDefersTheRestToTheLedger()
    {
        var writer = Writer();
        var done = TestRecords.New();
        _ = await writer.BeginBatchAsync([done.IdempotencyKey], Step, "req-first", Lease);
        _ = await writer.PersistBatchAsync([new(done, Completion(done.IdempotencyKey, "req-first"))]);
        var newKey = TestRecords.NewKey();

        var claims = await writer.BeginBatchAsync([newKey, done.IdempotencyKey, newKey], Step, "req-second", Lease);

        Assert.Equal(StepClaimOutcome.Claimed, claims[0].Outcome);
        Assert.Equal(1, claims[0].Attempt);
        Assert.Equal(StepClaimOutcome.AlreadyCompleted, claims[1].Outcome);
        Assert.False(claims[1].MustRun);
        Assert.Equal(StepClaimOutcome.Resumed, claims[2].Outcome);
    }

    [Fact]
    public async Task PersistBatchAsync_EmptyBatch_ReturnsEmpty()
    {
        Assert.Empty(await Writer().PersistBatchAsync([]));
    }
}
