using Npgsql;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Storage;

/// <summary>The persist step's first attempt: ledger claim, record insert and ledger completion in one transaction.</summary>
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

        var result = await store.ClaimAndPersistAsync(record, Completion(record, "req-1"), Lease);

        Assert.NotNull(result);
        Assert.True(result.Inserted);
        Assert.Equal(record.Id, result.Record.Id);
        var later = await ledger.BeginAsync(record.IdempotencyKey, Step, "req-2", Lease);
        Assert.Equal(StepClaimOutcome.AlreadyCompleted, later.Outcome);
        Assert.Equal(1, later.Attempt);
        Assert.Contains(record.Id.ToString(), later.ResultJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimAndPersistAsync_StepAlreadyClaimed_ReturnsNullAndWritesNothing()
    {
        var store = TestRecords.Store(postgres.App);
        var ledger = TestRecords.Ledger(postgres.App);
        var record = TestRecords.New();
        await ledger.BeginAsync(record.IdempotencyKey, Step, "req-owner", Lease);

        var result = await store.ClaimAndPersistAsync(record, Completion(record, "req-other"), Lease);

        Assert.Null(result);
        Assert.Equal(0, await CountRecordsAsync(record.IdempotencyKey));
        var owner = await ledger.BeginAsync(record.IdempotencyKey, Step, "req-owner", Lease);
        Assert.Equal(StepClaimOutcome.Resumed, owner.Outcome);
    }

    [Fact]
    public async Task ClaimAndPersistAsync_CompletionFails_RollsBackClaimAndInsert()
    {
        var store = TestRecords.Store(postgres.App);
        var ledger = TestRecords.Ledger(postgres.App);
        var record = TestRecords.New();

        var error = await Assert.ThrowsAsync<PostgresException>(() => store.ClaimAndPersistAsync(
            record,
            new LedgerCompletion(record.IdempotencyKey, Step, "req-1", _ => "{not json"),
            Lease));

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
            return await store.ClaimAndPersistAsync(record, Completion(record, $"req-{i}"), Lease);
        })).ToArray();

        gate.SetResult();
        var results = await Task.WhenAll(writers);

        var winner = Assert.Single(results, r => r is not null);
        Assert.True(winner!.Inserted);
        Assert.Equal(1, await CountRecordsAsync(key));
        var later = await TestRecords.Ledger(postgres.App).BeginAsync(key, Step, "req-late", Lease);
        Assert.Equal(StepClaimOutcome.AlreadyCompleted, later.Outcome);
        Assert.Contains(winner.Record.Id.ToString(), later.ResultJson, StringComparison.Ordinal);
    }

    private static LedgerCompletion Completion(NewRecord record, string request) => new(
        record.IdempotencyKey,
        Step,
        request,
        r => $$"""{"recordId":"{{r.Record.Id}}","inserted":{{(r.Inserted ? "true" : "false")}}}""");

    private async Task<long> CountRecordsAsync(string key)
    {
        await using var command = postgres.Owner.CreateCommand("SELECT count(*) FROM records WHERE idempotency_key = @key");
        command.Parameters.AddWithValue("key", key);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
