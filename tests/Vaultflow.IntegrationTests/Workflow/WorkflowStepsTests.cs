using System.Text;
using System.Text.Json;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Steps;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Workflow;

[Collection(PostgresCollection.Name)]
public sealed class WorkflowStepsTests(PostgresFixture postgres) : IDisposable
{
    private readonly WorkflowHarness _harness = new(postgres.App);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task DedupeEncryptPersist_NewMessage_ExactlyOneRowThatDecryptsToTheMessage()
    {
        var marker = Marker();
        var message = $$$"""{"type":"order.created","data":{"note":"{{{marker}}}","total":12.5},"search":{"email":"Ada.{{{marker}}}@Example.com"}}""";
        var messageId = Guid.NewGuid().ToString();
        var name = WorkflowHarness.NewExecutionName();

        var deduped = await _harness.DedupeAsync(WorkflowHarness.StarterInput(message, messageId), name, "req-1");
        var encrypted = await _harness.EncryptAsync(deduped, name, "req-2");
        var persisted = await _harness.PersistAsync(encrypted, name, "req-3");

        Assert.True(persisted.Inserted);
        Assert.Equal(messageId, persisted.IdempotencyKey);
        Assert.Equal(name, persisted.ExecutionName);
        Assert.Equal(1, await Db.RecordsWithKeyAsync(postgres.Owner, messageId));
        var row = await _harness.Store.GetByIdAsync(persisted.RecordId);
        Assert.NotNull(row);
        Assert.Equal("order.created", row.MessageType);
        Assert.Equal(name, row.ExecutionName);
        Assert.Equal(messageId, row.SourceMessageId);
        Assert.NotNull(row.BlindIndex);
        var plaintext = await _harness.DecryptAsync(row);
        Assert.Equal(CanonicalJson.SerializeToString(JsonDocument.Parse(message).RootElement), Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public async Task Encrypt_Output_HasNeitherPlaintextNorCiphertext()
    {
        var marker = Marker();
        var name = WorkflowHarness.NewExecutionName();
        var deduped = await _harness.DedupeAsync(WorkflowHarness.StarterInput($$$"""{"type":"t","data":{"secret":"{{{marker}}}"}}""", Guid.NewGuid().ToString()), name, "req-1");

        var encrypted = await _harness.EncryptAsync(deduped, name, "req-2");

        Assert.Contains(marker, deduped, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, encrypted, StringComparison.Ordinal);
        using var state = JsonDocument.Parse(encrypted);
        Assert.False(state.RootElement.TryGetProperty("message", out _));
        Assert.False(state.RootElement.TryGetProperty("ciphertext", out _));
        Assert.True(state.RootElement.TryGetProperty("recordId", out _));
        Assert.StartsWith("raw-aes:", state.RootElement.GetProperty("keyId").GetString(), StringComparison.Ordinal);
        Assert.False(state.RootElement.GetProperty("hasBlindIndex").GetBoolean());
    }

    [Fact]
    public async Task Workflow_Completed_NoPlaintextInAnyTable()
    {
        var marker = Marker();
        var email = $"grace.{marker}@example.com";
        var message = $$$"""{"type":"person.created","data":{"name":"Grace {{{marker}}}","city":"Zürich {{{marker}}}"},"search":{"email":"{{{email}}}"}}""";

        var messageId = Guid.NewGuid().ToString();
        var persisted = await _harness.RunAsync(WorkflowHarness.StarterInput(message, messageId), WorkflowHarness.NewExecutionName());

        Assert.NotNull(persisted);

        // The scan finds what is stored in clear (the key), so an empty answer for the marker means something.
        Assert.Contains("records.idempotency_key", await Db.ColumnsContainingAsync(postgres.Owner, messageId));
        Assert.Empty(await Db.ColumnsContainingAsync(postgres.Owner, marker));
        Assert.Empty(await Db.ColumnsContainingAsync(postgres.Owner, "Zürich"));
    }

    [Fact]
    public async Task EachStep_RunTwiceWithSameRequestId_ReturnsTheStoredResult()
    {
        var input = WorkflowHarness.StarterInput("""{"type":"t","data":{"n":1}}""", Guid.NewGuid().ToString());
        var name = WorkflowHarness.NewExecutionName();

        var deduped1 = await _harness.DedupeAsync(input, name, "req-d");
        var deduped2 = await _harness.DedupeAsync(input, name, "req-d");
        var encrypted1 = await _harness.EncryptAsync(deduped1, name, "req-e");
        var encrypted2 = await _harness.EncryptAsync(deduped2, name, "req-e");
        var persisted1 = await _harness.PersistAsync(encrypted1, name, "req-p");
        var persisted2 = await _harness.PersistAsync(encrypted2, name, "req-p");

        Assert.Equal(deduped1, deduped2);
        Assert.Equal(encrypted1, encrypted2);
        Assert.Equal(persisted1, persisted2);
        Assert.True(persisted2.Inserted);
        Assert.Equal(1, await Db.RecordsWithKeyAsync(postgres.Owner, persisted1.IdempotencyKey));
        Assert.Equal(1, await Db.AttemptsAsync(postgres.Owner, persisted1.IdempotencyKey, StepNames.Encrypt));
    }

    [Fact]
    public async Task Encrypt_ClaimLeftInProgressBySameRequest_ResumesAndCompletes()
    {
        var key = Guid.NewGuid().ToString();
        var name = WorkflowHarness.NewExecutionName();
        var deduped = await _harness.DedupeAsync(WorkflowHarness.StarterInput("""{"type":"t","data":{}}""", key), name, "req-d");
        await _harness.Ledger.BeginAsync(key, StepNames.Encrypt, "req-crashed", TimeSpan.FromMinutes(5));

        var encrypted = await _harness.EncryptAsync(deduped, name, "req-crashed");

        Assert.Contains("recordId", encrypted, StringComparison.Ordinal);
        Assert.Equal(1, await Db.AttemptsAsync(postgres.Owner, key, StepNames.Encrypt));
    }

    [Fact]
    public async Task Encrypt_StepHeldByAnotherLiveRequest_StepInProgress()
    {
        var key = Guid.NewGuid().ToString();
        var name = WorkflowHarness.NewExecutionName();
        var deduped = await _harness.DedupeAsync(WorkflowHarness.StarterInput("""{"type":"t","data":{}}""", key), name, "req-d");
        await _harness.Ledger.BeginAsync(key, StepNames.Encrypt, "req-other", TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<StepInProgressException>(() => _harness.EncryptAsync(deduped, name, "req-mine"));

        Assert.Equal(ErrorTypes.StepInProgress, error.ErrorType);
    }

    [Fact]
    public async Task Dedupe_SecondExecutionOfPersistedKey_Duplicate()
    {
        var key = "order-" + Guid.NewGuid();
        var message = $$$"""{"type":"t","key":"{{{key}}}","data":{}}""";
        var first = await _harness.RunAsync(WorkflowHarness.StarterInput(message, Guid.NewGuid().ToString()), WorkflowHarness.NewExecutionName());

        var second = await _harness.DedupeAsync(WorkflowHarness.StarterInput(message, Guid.NewGuid().ToString()), WorkflowHarness.NewExecutionName(), "req-2");

        Assert.NotNull(first);
        using var state = JsonDocument.Parse(second);
        Assert.True(state.RootElement.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.RecordId, state.RootElement.GetProperty("recordId").GetGuid());
        Assert.False(state.RootElement.TryGetProperty("message", out _));
        Assert.Equal(1, await Db.RecordsWithKeyAsync(postgres.Owner, key));
    }

    [Fact]
    public async Task ConsoleInput_OnlyMessage_PersistsOnceAndSecondRunIsDuplicate()
    {
        var consoleInput = "{\"message\": {\"type\": \"console.test\", \"data\": {\"id\": \"" + Guid.NewGuid() + "\"}}}";
        var expectedKey = ContentHash.Compute(JsonDocument.Parse(consoleInput).RootElement.GetProperty("message"));

        var first = await _harness.RunAsync(consoleInput, WorkflowHarness.NewExecutionName());
        var second = await _harness.RunAsync(consoleInput, WorkflowHarness.NewExecutionName());

        Assert.NotNull(first);
        Assert.Equal(expectedKey, first.IdempotencyKey);
        Assert.Null(second);
        Assert.Equal(1, await Db.RecordsWithKeyAsync(postgres.Owner, expectedKey));
    }

    [Fact]
    public async Task Persist_TwoConcurrentExecutionsOfOneKey_OneRowSameRecordId()
    {
        var key = "k-" + Guid.NewGuid();
        var message = $$$"""{"type":"t","key":"{{{key}}}","data":{}}""";
        var nameA = WorkflowHarness.NewExecutionName();
        var nameB = WorkflowHarness.NewExecutionName();
        var dedupedA = await _harness.DedupeAsync(WorkflowHarness.StarterInput(message, "m-a"), nameA, "req-da");
        var dedupedB = await _harness.DedupeAsync(WorkflowHarness.StarterInput(message, "m-b"), nameB, "req-db");
        var encryptedA = await _harness.EncryptAsync(dedupedA, nameA, "req-ea");
        var encryptedB = await _harness.EncryptAsync(dedupedB, nameB, "req-eb");

        var results = await Task.WhenAll(
            PersistRetryingAsync(encryptedA, nameA, "req-pa"),
            PersistRetryingAsync(encryptedB, nameB, "req-pb"));

        Assert.Equal(results[0].RecordId, results[1].RecordId);
        Assert.Equal(1, await Db.RecordsWithKeyAsync(postgres.Owner, key));
    }

    [Fact]
    public async Task Dedupe_InvalidInput_InvalidMessageWithReasonAndNoLedgerRow()
    {
        var name = WorkflowHarness.NewExecutionName();

        var error = await Assert.ThrowsAsync<InvalidMessageException>(() => _harness.DedupeAsync("""{"message":{"type":"t"}}""", name, "req-1"));

        Assert.Equal(InvalidMessageReasons.MissingField, error.Reason);
        Assert.Equal(0, await Db.CountAsync(postgres.Owner, "SELECT count(*) FROM idempotency_steps WHERE idempotency_key = @k", ("k", name)));
    }

    [Fact]
    public async Task Encrypt_FailsOnce_ReleasedSoTheNextAttemptIsTwo()
    {
        var key = Guid.NewGuid().ToString();
        var name = WorkflowHarness.NewExecutionName();
        var deduped = await _harness.DedupeAsync(WorkflowHarness.StarterInput("""{"type":"t","data":{}}""", key), name, "req-d");
        var claim = await _harness.Ledger.BeginAsync(key, StepNames.Encrypt, "req-1", TimeSpan.FromMinutes(5));
        await _harness.Ledger.FailAsync(key, StepNames.Encrypt, "req-1", ErrorTypes.Transient, "KMS throttled");

        await _harness.EncryptAsync(deduped, name, "req-2");

        Assert.Equal(1, claim.Attempt);
        Assert.Equal(2, await Db.AttemptsAsync(postgres.Owner, key, StepNames.Encrypt));
        Assert.Equal(1, _harness.Keys.Statistics.Bypassed);
    }

    private async Task<PersistOutput> PersistRetryingAsync(string state, string name, string requestId)
    {
        // What the state machine's Retry on Vaultflow.StepInProgress does, with a bounded deadline.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                return await _harness.PersistAsync(state, name, requestId);
            }
            catch (StepInProgressException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static string Marker() => "PLAINTEXT" + Guid.NewGuid().ToString("N")[..12];
}
