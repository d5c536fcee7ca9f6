using Npgsql;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Storage;

/// <summary>The persist step's first attempt: the record and its completed ledger row in one statement.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClaimAndPersistTests(PostgresFixture postgres)
{
    private const string Step = "persist";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ClaimAndPersistAsync_FreshStep_InsertsAndCompletesTheStepAtAttemptOne()
    {
        var store = TestRecords.Store(postgres.App);
        var ledger = TestRecords.Ledger(postgres.App);
        var record = TestRecords.New();

        var result = await store.ClaimAndPersistAsync(record, Completion(record, "req-1"));

        Assert.NotNull(result);
        Assert.True(result.Inserted);
        Assert.Equal(record.Id, result.Record.Id);
        var later = await ledger.BeginAsync(record.IdempotencyKey, Step, "req-2", Lease);
        Assert.Equal(StepClaimOutcome.AlreadyCompleted, later.Outcome);
        Assert.Equal(1, later.Attempt);
        Assert.Contains(record.Id.ToString(), later.ResultJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimAndPersistAsync_FreshStep_LedgerRowIsWhatClaimThenCompleteLeaves()
    {
        var store = TestRecords.Store(postgres.App);
        var record = TestRecords.New();
        var viaTwoSteps = TestRecords.New();

        await store.ClaimAndPersistAsync(record, Completion(record, "req-1"));
        await TestRecords.Ledger(postgres.App).BeginAsync(viaTwoSteps.IdempotencyKey, Step, "req-1", Lease);
        await store.PersistAsync(viaTwoSteps, Completion(viaTwoSteps, "req-1"));

        var row = await LedgerRow.ReadAsync(postgres.Owner, record.IdempotencyKey, Step);
        var expected = await LedgerRow.ReadAsync(postgres.Owner, viaTwoSteps.IdempotencyKey, Step);
        var expectedJson = await LedgerRow.AsJsonbTextAsync(postgres.Owner, ResultJson(new PersistOutcome(record.Id, Inserted: true)));
        Assert.Equal(expected! with { ResultJson = expectedJson }, row);
        Assert.Equal(new LedgerRow("completed", "req-1", null, 1, expectedJson, null), row);
    }

    [Fact]
    public async Task ClaimAndPersistAsync_StepAlreadyClaimed_ReturnsNullAndWritesNothing()
    {
        var store = TestRecords.Store(postgres.App);
        var ledger = TestRecords.Ledger(postgres.App);
        var record = TestRecords.New();
        await ledger.BeginAsync(record.IdempotencyKey, Step, "req-owner", Lease);

        var result = await store.ClaimAndPersistAsync(record, Completion(record, "req-other"));

        Assert.Null(result);
        Assert.Equal(0, await CountRecordsAsync(record.IdempotencyKey));
        var owner = await ledger.BeginAsync(record.IdempotencyKey, Step, "req-owner", Lease);
        Assert.Equal(StepClaimOutcome.Resumed, owner.Outcome);
    }

    [Fact]
    public async Task ClaimAndPersistAsync_StepAlreadyCompleted_ReturnsNullAndLeavesTheStoredResult()
    {
        var store = TestRecords.Store(postgres.App);
        var first = TestRecords.New();
        await store.ClaimAndPersistAsync(first, Completion(first, "req-1"));
        var before = await LedgerRow.ReadAsync(postgres.Owner, first.IdempotencyKey, Step);

        var again = await store.ClaimAndPersistAsync(TestRecords.New(first.IdempotencyKey), Completion(first, "req-2"));

        Assert.Null(again);
        Assert.Equal(1, await CountRecordsAsync(first.IdempotencyKey));
        Assert.Equal(before, await LedgerRow.ReadAsync(postgres.Owner, first.IdempotencyKey, Step));
    }

    [Fact]
    public async Task ClaimAndPersistAsync_KeyHasRecordButNoLedgerRow_ReturnsNullAndClaimPathCompletesWithTheExistingRow()
    {
        var store = TestRecords.Store(postgres.App);
        var ledger = TestRecords.Ledger(postgres.App);
        var existing = TestRecords.New();
        await store.PersistAsync(existing);
        var mine = TestRecords.New(existing.IdempotencyKey);

        var fresh = await store.ClaimAndPersistAsync(mine, Completion(mine, "req-1"));

        Assert.Null(fresh);
        Assert.Null(await LedgerRow.ReadAsync(postgres.Owner, existing.IdempotencyKey, Step));
        var claim = await ledger.BeginAsync(existing.IdempotencyKey, Step, "req-1", Lease);
        var persisted = await store.PersistAsync(mine, Completion(mine, "req-1"));
        Assert.Equal(StepClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(new PersistOutcome(existing.Id, Inserted: false), persisted.Outcome);
        var row = await LedgerRow.ReadAsync(postgres.Owner, existing.IdempotencyKey, Step);
        Assert.Equal(await LedgerRow.AsJsonbTextAsync(postgres.Owner, ResultJson(persisted.Outcome)), row!.ResultJson);
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task ClaimAndPersistAsync_ResultIsNotJson_WritesNeitherRecordNorLedgerRow()
    {
        var store = TestRecords.Store(postgres.App);
        var ledger = TestRecords.Ledger(postgres.App);
        var record = TestRecords.New();

        var error = await Assert.ThrowsAsync<PostgresException>(() => store.ClaimAndPersistAsync(
            record,
            new LedgerCompletion(record.IdempotencyKey, Step, "req-1", _ => "{not json")));

        Assert.Equal(PostgresErrorCodes.InvalidTextRepresentation, error.SqlState);
        Assert.Equal(0, await CountRecordsAsync(record.IdempotencyKey));
        var next = await ledger.BeginAsync(record.IdempotencyKey, Step, "req-2", Lease);
        Assert.Equal(StepClaimOutcome.Claimed, next.Outcome);
    }

    [Fact]
    public async Task ClaimAndPersistAsync_EightConcurrentRequestsOfOneKey_OneWritesTheOthersFindTheLedgerRow()
    {
        const int Writers = 8;
        var key = TestRecords.NewKey();
        await using var dataSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(postgres.Database.AppConnectionString) { MaxPoolSize = Writers }.ConnectionString);
        var store = TestRecords.Store(dataSource);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            var record = TestRecords.New(key);
            await gate.Task;
            return await store.ClaimAndPersistAsync(record, Completion(record, $"req-{i}"));
        })).ToArray();

        gate.SetResult();
        var results = await Task.WhenAll(writers);

        var winner = Assert.Single(results, r => r is not null);
        Assert.True(winner!.Inserted);
        Assert.Equal(1, await CountRecordsAsync(key));
        var row = await LedgerRow.ReadAsync(postgres.Owner, key, Step);
        Assert.Equal(await LedgerRow.AsJsonbTextAsync(postgres.Owner, ResultJson(winner.Outcome)), row!.ResultJson);
        var later = await TestRecords.Ledger(postgres.App).BeginAsync(key, Step, "req-late", Lease);
        Assert.Equal(StepClaimOutcome.AlreadyCompleted, later.Outcome);
        Assert.Equal(1, later.Attempt);
    }

    internal static LedgerCompletion Completion(NewRecord record, string request) => new(record.IdempotencyKey, Step, request, ResultJson);

    internal static string ResultJson(PersistOutcome o) => $$"""{"recordId":"{{o.RecordId}}","inserted":{{(o.Inserted ? "true" : "false")}}}""";

    private async Task<long> CountRecordsAsync(string key)
    {
        await using var command = postgres.Owner.CreateCommand("SELECT count(*) FROM records WHERE idempotency_key = @key");
        command.Parameters.AddWithValue("key", key);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
