using System.Text.Json.Serialization;

namespace Vaultflow.Core.Workflow.Contracts;

/// <summary>Source-generated (AOT-safe) JSON of the step contracts and ledger results: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkflowState))]
[JsonSerializable(typeof(EncryptedState))]
[JsonSerializable(typeof(EncryptLedgerResult))]
[JsonSerializable(typeof(PersistOutput))]
[JsonSerializable(typeof(RouteFailureOutput))]
[JsonSerializable(typeof(DedupeRequest))]
[JsonSerializable(typeof(EncryptRequest))]
[JsonSerializable(typeof(PersistRequest))]
[JsonSerializable(typeof(RouteFailureRequest))]
[JsonSerializable(typeof(LambdaErrorCause))]
public sealed partial class WorkflowStepsJsonContext : JsonSerializerContext;
