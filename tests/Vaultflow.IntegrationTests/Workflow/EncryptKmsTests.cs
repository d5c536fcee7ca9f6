using Vaultflow.Aws.Kms;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Steps;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Kms;
using Vaultflow.Local.Kms;
using Vaultflow.Local.Kms.Faults;

namespace Vaultflow.IntegrationTests.Workflow;

/// <summary>Encrypt over the real local KMS endpoint (its own server, so call counters are exact).</summary>
[Collection(PostgresCollection.Name)]
public sealed class EncryptKmsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LocalKmsServer _kms = null!;
    private WorkflowHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _kms = await LocalKmsFixture.StartServerAsync();

        // No SDK retries: every throttle reaches the step, as Step Functions' Retry would see it.
        _harness = new WorkflowHarness(postgres.App, new KmsKeyring(LocalKmsFixture.CreateClient(_kms, maxErrorRetry: 0), new KmsKeyringOptions { KeyId = LocalKmsFixture.Alias }));
    }

    public async Task DisposeAsync()
    {
        _harness.Dispose();
        await _kms.DisposeAsync();
    }

    [Fact]
    public async Task Encrypt_SecondAttempt_BypassesTheWarmDataKeyCache()
    {
        await EncryptNewAsync("req-1");
        await EncryptNewAsync("req-2");
        Assert.Equal(1, _kms.Faults.CallCount("GenerateDataKey"));

        var key = Guid.NewGuid().ToString();
        var name = WorkflowHarness.NewExecutionName();
        var deduped = await _harness.DedupeAsync(WorkflowHarness.StarterInput("""{"type":"t","data":{}}""", key), name, "req-d");
        await _harness.Ledger.BeginAsync(key, StepNames.Encrypt, "req-first", TimeSpan.FromMinutes(1));
        await _harness.Ledger.FailAsync(key, StepNames.Encrypt, "req-first", ErrorTypes.Transient, "KMS throttled");
        var persisted = await _harness.PersistAsync(await _harness.EncryptAsync(deduped, name, "req-second"), name, "req-p");

        Assert.Equal(2, _kms.Faults.CallCount("GenerateDataKey"));
        Assert.Equal(1, _harness.Keys.Statistics.Bypassed);
        Assert.Equal(2, await Db.AttemptsAsync(postgres.Owner, key, StepNames.Encrypt));
        var record = await _harness.Reader.GetAsync(new() { Id = persisted.RecordId.ToString() }, CancellationToken.None);
        Assert.True(record.Found);
    }

    [Fact]
    public async Task Encrypt_KmsThrottlesTwice_TransientTwiceThenSucceedsOnTheThirdAttempt()
    {
        var key = Guid.NewGuid().ToString();
        var name = WorkflowHarness.NewExecutionName();
        var deduped = await _harness.DedupeAsync(WorkflowHarness.StarterInput("""{"type":"t","data":{"x":1}}""", key), name, "req-d");
        _kms.Faults.Configure(new KmsFaultSettings(ThrottleNext: 2));

        // Each Step Functions retry is a new invocation, so a new request id.
        await Assert.ThrowsAsync<TransientException>(() => _harness.EncryptAsync(deduped, name, "req-1"));
        await Assert.ThrowsAsync<TransientException>(() => _harness.EncryptAsync(deduped, name, "req-2"));
        var encrypted = await _harness.EncryptAsync(deduped, name, "req-3");
        var persisted = await _harness.PersistAsync(encrypted, name, "req-p");

        Assert.True(persisted.Inserted);
        Assert.Equal(3, await Db.AttemptsAsync(postgres.Owner, key, StepNames.Encrypt));
        Assert.Equal(2, _kms.Faults.ThrottledCount("GenerateDataKey"));
    }

    private async Task EncryptNewAsync(string requestId)
    {
        var name = WorkflowHarness.NewExecutionName();
        var deduped = await _harness.DedupeAsync(WorkflowHarness.StarterInput("""{"type":"t","data":{}}""", Guid.NewGuid().ToString()), name, requestId + "-d");
        await _harness.EncryptAsync(deduped, name, requestId);
    }
}
