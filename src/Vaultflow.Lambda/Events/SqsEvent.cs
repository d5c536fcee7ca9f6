using System.Text.Json.Serialization;

namespace Vaultflow.Lambda.Events;

/// <summary>An SQS batch exactly as the event source mapping delivers it: <c>{"Records":[...]}</c>.</summary>
public sealed class SqsEvent
{
    [JsonPropertyName("Records")]
    public IList<SqsMessage> Records { get; init; } = [];
}
