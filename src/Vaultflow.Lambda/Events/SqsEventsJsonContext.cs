using System.Text.Json.Serialization;

namespace Vaultflow.Lambda.Events;

/// <summary>Source-generated JSON for the SQS event and the batch response; names come from the attributes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
public sealed partial class SqsEventsJsonContext : JsonSerializerContext;
