using System.Text.Json.Serialization;

namespace Vaultflow.Lambda.Events;

/// <summary>
/// The partial batch response (<c>FunctionResponseTypes: ReportBatchItemFailures</c>): only the listed
/// messages return to the queue; an empty list deletes the whole batch.
/// </summary>
public sealed class SqsBatchResponse
{
    [JsonPropertyName("batchItemFailures")]
    public IList<SqsBatchItemFailure> BatchItemFailures { get; init; } = [];
}

/// <summary>One failed message: its <see cref="SqsMessage.MessageId"/>.</summary>
public sealed class SqsBatchItemFailure
{
    [JsonPropertyName("itemIdentifier")]
    public string ItemIdentifier { get; init; } = string.Empty;
}
