using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Crypto.Keyrings;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Reader;
using Vaultflow.Core.Workflow.Steps;

namespace Vaultflow.IntegrationTests.Workflow;

/// <summary>
/// The workflow steps over the real database (app role) and a real keyring, invoked with JSON payloads
/// shaped exactly as statemachine/ingest.asl.json builds them (Parameters with input/workflow and executionName).
/// </summary>
internal sealed class WorkflowHarness : IDisposable
{
    public WorkflowHarness(NpgsqlDataSource app, IKeyring? keyring = null, DataKeyCacheOptions? cache = null)
    {
        Ledger = new IdempotencyLedger(app, NullLogger<IdempotencyLedger>.Instance);
        Store = new PostgresRecordStore(app, Ledger, NullLogger<PostgresRecordStore>.Instance);
        Keyring = keyring ?? new RawAesKeyring("workflow-test", RandomNumberGenerator.GetBytes(32));
        Keys = new CachingDataKeyProvider(Keyring, cache ?? new DataKeyCacheOptions());
        Encryptor = new EnvelopeEncryptor(Keys, EncryptionContext.ForApplication("vaultflow-test", "record"));
        BlindIndexer = new BlindIndexer(RandomNumberGenerator.GetBytes(32));
        Dedupe = new DedupeStep(Ledger, new PostgresRecordLookup(app), NullLogger<DedupeStep>.Instance);
        Encrypt = new EncryptStep(Ledger, Encryptor, BlindIndexer, NullLogger<EncryptStep>.Instance);
        Persist = new PersistStep(Ledger, new PostgresLedgerResultReader(app), Store, NullLogger<PersistStep>.Instance);
        Reader = new RecordReader(Store, Encryptor, new BlindIndexKeySet(BlindIndexer), NullLogger<RecordReader>.Instance);
    }

    public IdempotencyLedger Ledger { get; }

    public PostgresRecordStore Store { get; }

    public IKeyring Keyring { get; }

    public CachingDataKeyProvider Keys { get; }

    public EnvelopeEncryptor Encryptor { get; }

    public BlindIndexer BlindIndexer { get; }

    public DedupeStep Dedupe { get; }

    public EncryptStep Encrypt { get; }

    public PersistStep Persist { get; }

    public RecordReader Reader { get; }

    /// <summary>The execution input the Starter would build for <paramref name="messageJson"/>.</summary>
    public static string StarterInput(string messageJson, string messageId, int receiveCount = 1, int replayCount = 0, int hops = 0) =>
        Encoding.UTF8.GetString(WorkflowInput.Create(
            IngestMessageParser.Parse(messageJson, messageId),
            messageId,
            receiveCount,
            replayCount,
            hops,
            new StartedBy("req-starter", "vaultflow-Starter")).ToUtf8Json());

    public static StepInvocation Invocation(string requestId) => new(requestId, TimeSpan.FromMinutes(2));

    public static string NewExecutionName() => "exec-" + Guid.NewGuid().ToString("N");

    /// <summary>Dedupe's Parameters: {"input.$": "$", "executionName.$": "$$.Execution.Name"}; returns the output JSON.</summary>
    public async Task<string> DedupeAsync(string inputJson, string executionName, string requestId)
    {
        var request = Read($$"""{"input":{{inputJson}},"executionName":{{Quote(executionName)}}}""", WorkflowStepsJsonContext.Default.DedupeRequest);
        var state = await Dedupe.RunAsync(request, Invocation(requestId), CancellationToken.None);
        return JsonSerializer.Serialize(state, WorkflowStepsJsonContext.Default.WorkflowState);
    }

    /// <summary>Encrypt's Parameters: {"workflow.$": "$", "executionName.$": ...} over Dedupe's output.</summary>
    public async Task<string> EncryptAsync(string stateJson, string executionName, string requestId)
    {
        var request = Read($$"""{"workflow":{{stateJson}},"executionName":{{Quote(executionName)}}}""", WorkflowStepsJsonContext.Default.EncryptRequest);
        var state = await Encrypt.RunAsync(request, Invocation(requestId), CancellationToken.None);
        return JsonSerializer.Serialize(state, WorkflowStepsJsonContext.Default.EncryptedState);
    }

    /// <summary>Persist's Parameters over Encrypt's output.</summary>
    public async Task<PersistOutput> PersistAsync(string stateJson, string executionName, string requestId)
    {
        var request = Read($$"""{"workflow":{{stateJson}},"executionName":{{Quote(executionName)}}}""", WorkflowStepsJsonContext.Default.PersistRequest);
        return await Persist.RunAsync(request, Invocation(requestId), CancellationToken.None);
    }

    /// <summary>Dedupe -> Encrypt -> Persist as the state machine runs them; null when Dedupe reports a duplicate.</summary>
    public async Task<PersistOutput?> RunAsync(string inputJson, string executionName)
    {
        var deduped = await DedupeAsync(inputJson, executionName, "req-dedupe-" + executionName);
        if (JsonDocument.Parse(deduped).RootElement.GetProperty("duplicate").GetBoolean())
        {
            return null;
        }

        var encrypted = await EncryptAsync(deduped, executionName, "req-encrypt-" + executionName);
        return await PersistAsync(encrypted, executionName, "req-persist-" + executionName);
    }

    public async Task<byte[]> DecryptAsync(StoredRecord record) =>
        await Encryptor.DecryptAsync(record.Ciphertext, new RecordBinding(record.Id, record.IdempotencyKey), CancellationToken.None);

    public void Dispose()
    {
        Keys.Dispose();
        BlindIndexer.Dispose();
        (Keyring as IDisposable)?.Dispose();
    }

    public static string Quote(string value) => JsonSerializer.Serialize(value, WorkflowTestJson.Default.String);

    private static T Read<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(json, typeInfo) ?? throw new InvalidOperationException("null payload");
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class WorkflowTestJson : System.Text.Json.Serialization.JsonSerializerContext;
