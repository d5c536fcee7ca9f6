using System.Text.Json.Serialization;
using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Reader;
using Vaultflow.Handlers;
using Vaultflow.Lambda.Annotations;
using Vaultflow.Lambda.Events;

[assembly: LambdaSerializer(typeof(HandlerJsonContext))]

namespace Vaultflow.Handlers;

/// <summary>
/// The one JSON context of every function's input and output (source-generated, AOT-safe). camelCase
/// for Vaultflow's own contracts; the SQS event types and a Catch's Error/Cause name their fields themselves.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 64)]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(DedupeRequest))]
[JsonSerializable(typeof(WorkflowState))]
[JsonSerializable(typeof(EncryptRequest))]
[JsonSerializable(typeof(EncryptedState))]
[JsonSerializable(typeof(PersistRequest))]
[JsonSerializable(typeof(PersistOutput))]
[JsonSerializable(typeof(RouteFailureRequest))]
[JsonSerializable(typeof(RouteFailureOutput))]
[JsonSerializable(typeof(GetRecordRequest))]
[JsonSerializable(typeof(GetRecordResult))]
public sealed partial class HandlerJsonContext : JsonSerializerContext;
