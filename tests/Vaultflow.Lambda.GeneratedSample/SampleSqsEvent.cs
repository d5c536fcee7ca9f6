using System.Text.Json.Serialization;

namespace Vaultflow.Lambda.GeneratedSample;

/// <summary>A cut-down SQS batch, local to the sample (the real model lives in Vaultflow.Lambda.Events).</summary>
public sealed record SampleSqsEvent([property: JsonPropertyName("Records")] IReadOnlyList<SampleSqsMessage> Records);

public sealed record SampleSqsMessage(
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("body")] string Body);

/// <summary>The partial batch response: the records SQS should redeliver.</summary>
public sealed record SampleBatchResponse([property: JsonPropertyName("batchItemFailures")] IReadOnlyList<SampleBatchItemFailure> BatchItemFailures);

public sealed record SampleBatchItemFailure([property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);
