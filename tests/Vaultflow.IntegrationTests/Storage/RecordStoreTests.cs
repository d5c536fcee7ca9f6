using Npgsql;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Storage;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class RecordStoreTests(PostgresFixture postgres)
{
    private const string PersistStep = "persist";

    [Fact]
    public async Task PersistAsync_NewKey_InsertsAndReturnsStoredRow()
    {
        var store = TestRecords.Store(postgres.App);
        var record = TestRecords.New(blindIndex: "bi-" + Guid.NewGuid().ToString("N"));

        var result = await store.PersistAsync(record);

        Assert.True(result.Inserted);
        Assert.Equal(record.Id, result.Record.Id);
        Assert.Equal(record.IdempotencyKey, result.Record.IdempotencyKey);
        Assert.Equal(record.Ciphertext.ToArray(), result.Record.Ciphertext.ToArray());
        Assert.Equal(record.BlindIndex, result.Record.BlindIndex);
        Assert.Equal(record.ExecutionName, result.Record.ExecutionName);
        Assert.True(result.Record.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
        var read = await store.GetByIdAsync(record.Id);
        Assert.NotNull(read);
        Assert.Equal(record.Ciphertext.ToArray(), read.Ciphertext.ToArray());
        Assert.Equal(record.SourceMessageId, read.SourceMessageId);
    }

    [Fact]
    public async Task PersistAsync_SameKeyTwice_ReturnsExistingRowWithInsertedFalse()
    {
        var store = TestRecords.Store(postgres.App);
        var first = TestRecords.New();
        var duplicate = TestRecords.New(first.IdempotencyKey); // new id, new ciphertext: a re-encrypted redelivery

        var one = await store.PersistAsync(first);
        var two = await store.PersistAsync(duplicate);

        Assert.True(one.Inserted);
        Assert.False(two.Inserted);
        Assert.Equal(first.Id, two.Record.Id);
        Assert.Equal(first.Ciphertext.ToArray(), two.Record.Ciphertext.ToArray());
        Assert.Null(await store.GetByIdAsync(duplicate.Id));
        Assert.Equal(1, await CountRecordsAsync(first.IdempotencyKey));
    }

    [Fact]
    public async Task PersistAsync_SixteenConcurrentPersistsOfOneKey_StoreOneRowAndAllSeeItsId()
    {
        const int Writers = 16;
        var key = TestRecords.NewKey();
        await using var dataSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(postgres.Database.AppConnectionString) { MaxPoolSize = Writers }.ConnectionString);
        var store = TestRecords.Store(dataSource);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            var record = TestRecords.New(key);
            await gate.Task;
            return await store.PersistAsync(record);
        })).ToArray();

        gate.SetResult();
        var results = await Task.WhenAll(writers);

        Assert.Single(results, r => r.Inserted);
        var winner = results.Single(r => r.Inserted).Record.Id;
        Assert.All(results, r => Assert.Equal(winner, r.Record.Id));
        Assert.Equal(1, await CountRecordsAsync(key));
    }

    [Fact]
    public async Task PersistAsync_WithLedgerCompletion_CompletesStepWithResultInSameTransaction()
    {
        var store = TestRecords.Store(postgres.App);
        var ledger = TestRecords.Ledger(postgres.App);
        var record = TestRecords.New();
        await ledger.BeginAsync(record.IdempotencyKey, PersistStep, "req-1", TimeSpan.FromMinutes(5));

        var result = await store.PersistAsync(
            record,
            new LedgerCompletion(record.IdempotencyKey, PersistStep, "req-1", o => $$"""{"recordId":"{{o.RecordId}}","inserted":{{(o.Inserted ? "true" : "false")}}}"""));

        var again = await ledger.BeginAsync(record.IdempotencyKey, PersistStep, "req-2", TimeSpan.FromMinutes(5));
        Assert.True(result.Inserted);
        Assert.Equal(Core.Idempotency.StepClaimOutcome.AlreadyCompleted, again.Outcome);
        Assert.Contains(record.Id.ToString(), again.ResultJson, StringComparison.Ordinal);
        Assert.Contains("\"inserted\": true", again.ResultJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersistAsync_CompletionByStaleOwner_RollsBackTheInsert()
    {
        var store = TestRecords.Store(postgres.App);
        var ledger = TestRecords.Ledger(postgres.App);
        var record = TestRecords.New();
        await ledger.BeginAsync(record.IdempotencyKey, PersistStep, "req-owner", TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<StepInProgressException>(() => store.PersistAsync(
            record,
            new LedgerCompletion(record.IdempotencyKey, PersistStep, "req-stale", _ => "{}")));

        Assert.Contains("req-stale", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetByIdAsync(record.Id));
        Assert.Equal(0, await CountRecordsAsync(record.IdempotencyKey));
    }

    [Fact]
    public async Task PersistAsync_CompletionWithInvalidJson_RollsBackTheInsert()
    {
        var store = TestRecords.Store(postgres.App);
        var ledger = TestRecords.Ledger(postgres.App);
        var record = TestRecords.New();
        await ledger.BeginAsync(record.IdempotencyKey, PersistStep, "req-1", TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<PostgresException>(() => store.PersistAsync(
            record,
            new LedgerCompletion(record.IdempotencyKey, PersistStep, "req-1", _ => "{not json")));

        Assert.Equal(PostgresErrorCodes.InvalidTextRepresentation, error.SqlState);
        Assert.Equal(0, await CountRecordsAsync(record.IdempotencyKey));
    }

    [Fact]
    public async Task GetByIdAsync_UnknownId_ReturnsNull()
    {
        var store = TestRecords.Store(postgres.App);

        Assert.Null(await store.GetByIdAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task FindByBlindIndexAsync_SharedIndex_ReturnsEveryCandidateOldestFirst()
    {
        var store = TestRecords.Store(postgres.App);
        var index = "bi-" + Guid.NewGuid().ToString("N");
        var expected = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            expected.Add((await store.PersistAsync(TestRecords.New(blindIndex: index))).Record.Id);
        }

        await store.PersistAsync(TestRecords.New(blindIndex: "bi-" + Guid.NewGuid().ToString("N")));

        var candidates = await store.FindByBlindIndexAsync(index);

        Assert.Equal(expected.Order(), candidates.Select(c => c.Id).Order());
        Assert.All(candidates, c => Assert.Equal(index, c.BlindIndex));
        Assert.True(candidates.Zip(candidates.Skip(1)).All(p => p.First.CreatedAt <= p.Second.CreatedAt));
        Assert.Empty(await store.FindByBlindIndexAsync("bi-nobody-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(2, (await store.FindByBlindIndexAsync(index, limit: 2)).Count);
    }

    [Fact]
    public async Task RecordFailureAsync_Failure_StoresEveryField()
    {
        var store = TestRecords.Store(postgres.App);
        var failure = new NewFailure("invalid-message", TestRecords.NewKey(), "msg-1", ErrorTypes.InvalidMessage, "field 'type' is required", "exec-1");

        var id = await store.RecordFailureAsync(failure);
        var next = await store.RecordFailureAsync(failure with { IdempotencyKey = null, Cause = null });

        Assert.True(next > id);
        await using var command = postgres.Owner.CreateCommand(
            "SELECT idempotency_key, source_message_id, reason, error_type, cause, execution_name FROM failures WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(failure.IdempotencyKey, reader.GetString(0));
        Assert.Equal("msg-1", reader.GetString(1));
        Assert.Equal("invalid-message", reader.GetString(2));
        Assert.Equal(ErrorTypes.InvalidMessage, reader.GetString(3));
        Assert.Equal("field 'type' is required", reader.GetString(4));
        Assert.Equal("exec-1", reader.GetString(5));
    }

    private async Task<long> CountRecordsAsync(string key)
    {
        await using var command = postgres.Owner.CreateCommand("SELECT count(*) FROM records WHERE idempotency_key = @key");
        command.Parameters.AddWithValue("key", key);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
