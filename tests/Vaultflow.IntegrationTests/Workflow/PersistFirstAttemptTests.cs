using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Steps;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Workflow;

/// <summary>Persist's first attempt writes the record and its completed ledger row in one statement; a failed one must still count.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PersistFirstAttemptTests(PostgresFixture postgres) : IDisposable
{
    private readonly WorkflowHarness _harness = new(postgres.App);

    [Fact]
    public async Task Persist_FirstAttemptFailsInsideItsTransaction_FailureRecordedAndNextAttemptIsTwo()
    {
        var key = Guid.NewGuid().ToString();
        var name = WorkflowHarness.NewExecutionName();
        var deduped = await _harness.DedupeAsync(WorkflowHarness.StarterInput("""{"type":"t","data":{"n":1}}""", key), name, "req-d");
        var encrypted = await _harness.EncryptAsync(deduped, name, "req-e");
        var request = JsonSerializer.Deserialize(
            $$"""{"workflow":{{encrypted}},"executionName":"{{name}}"}""",
            WorkflowStepsJsonContext.Default.PersistRequest)!;

        // A real database error inside the one-transaction attempt: the store's session is read-only.
        await using var readOnly = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(postgres.Database.AppConnectionString) { Options = "-c default_transaction_read_only=on" }.ConnectionString);
        var failing = new PersistStep(
            _harness.Ledger,
            new PostgresLedgerResultReader(postgres.App),
            new PostgresRecordStore(readOnly, _harness.Ledger, NullLogger<PostgresRecordStore>.Instance),
            NullLogger<PersistStep>.Instance);
        var error = await Assert.ThrowsAsync<PostgresException>(() => failing.RunAsync(request, WorkflowHarness.Invocation("req-p1"), CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, error.SqlState);
        Assert.Equal(0, await Db.RecordsWithKeyAsync(postgres.Owner, key));
        Assert.Equal(1, await Db.AttemptsAsync(postgres.Owner, key, StepNames.Persist));

        var persisted = await _harness.PersistAsync(encrypted, name, "req-p2");

        Assert.True(persisted.Inserted);
        Assert.Equal(2, await Db.AttemptsAsync(postgres.Owner, key, StepNames.Persist));
        Assert.Equal(1, await Db.RecordsWithKeyAsync(postgres.Owner, key));
    }

    [Fact]
    public async Task Persist_FirstAttempt_OneLedgerRowCompletedAtAttemptOne()
    {
        var key = Guid.NewGuid().ToString();
        var name = WorkflowHarness.NewExecutionName();
        var deduped = await _harness.DedupeAsync(WorkflowHarness.StarterInput("""{"type":"t","data":{"n":2}}""", key), name, "req-d");
        var encrypted = await _harness.EncryptAsync(deduped, name, "req-e");

        var persisted = await _harness.PersistAsync(encrypted, name, "req-p");
        var again = await _harness.Ledger.BeginAsync(key, StepNames.Persist, "req-later", TimeSpan.FromMinutes(1));

        Assert.True(persisted.Inserted);
        Assert.Equal(StepClaimOutcome.AlreadyCompleted, again.Outcome);
        Assert.Equal(1, again.Attempt);
        Assert.Contains(persisted.RecordId.ToString(), again.ResultJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persist_StepHeldByAnotherLiveRequest_StepInProgressAndNoRecord()
    {
        var key = Guid.NewGuid().ToString();
        var name = WorkflowHarness.NewExecutionName();
        var deduped = await _harness.DedupeAsync(WorkflowHarness.StarterInput("""{"type":"t","data":{"n":3}}""", key), name, "req-d");
        var encrypted = await _harness.EncryptAsync(deduped, name, "req-e");
        await _harness.Ledger.BeginAsync(key, StepNames.Persist, "req-other", TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<StepInProgressException>(() => _harness.PersistAsync(encrypted, name, "req-mine"));

        Assert.Equal(ErrorTypes.StepInProgress, error.ErrorType);
        Assert.Equal(0, await Db.RecordsWithKeyAsync(postgres.Owner, key));
        Assert.Equal(1, await Db.AttemptsAsync(postgres.Owner, key, StepNames.Persist));
    }

    [Fact]
    public async Task Persist_LaterAttemptOfAFirstAttemptThatCompleted_ReturnsTheSameOutputAndStoredJson()
    {
        var key = Guid.NewGuid().ToString();
        var name = WorkflowHarness.NewExecutionName();
        var deduped = await _harness.DedupeAsync(WorkflowHarness.StarterInput("""{"type":"t","data":{"n":4}}""", key), name, "req-d");
        var encrypted = await _harness.EncryptAsync(deduped, name, "req-e");

        var first = await _harness.PersistAsync(encrypted, name, "req-p1");
        var later = await _harness.PersistAsync(encrypted, name, "req-p2");

        Assert.Equal(first, later);
        Assert.Equal(
            JsonSerializer.Serialize(first, WorkflowStepsJsonContext.Default.PersistOutput),
            JsonSerializer.Serialize(later, WorkflowStepsJsonContext.Default.PersistOutput));
        var stored = await _harness.Ledger.BeginAsync(key, StepNames.Persist, "req-p3", TimeSpan.FromMinutes(1));
        Assert.Equal(first, JsonSerializer.Deserialize(stored.ResultJson!, WorkflowStepsJsonContext.Default.PersistOutput));
    }

    public void Dispose() => _harness.Dispose();
}
