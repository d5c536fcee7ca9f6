using System.Globalization;
using System.Text.Json.Serialization;

namespace Vaultflow.Lambda.Events;

/// <summary>One record of an <see cref="SqsEvent"/> (camelCase fields, except <c>eventSourceARN</c>).</summary>
public sealed class SqsMessage
{
    [JsonPropertyName("messageId")]
    public string MessageId { get; init; } = string.Empty;

    [JsonPropertyName("receiptHandle")]
    public string ReceiptHandle { get; init; } = string.Empty;

    [JsonPropertyName("body")]
    public string Body { get; init; } = string.Empty;

    /// <summary>System attributes with PascalCase keys; see <see cref="SqsSystemAttributes"/>.</summary>
    [JsonPropertyName("attributes")]
    public IDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    [JsonPropertyName("messageAttributes")]
    public IDictionary<string, SqsMessageAttribute> MessageAttributes { get; init; } = new Dictionary<string, SqsMessageAttribute>(StringComparer.Ordinal);

    [JsonPropertyName("md5OfBody")]
    public string? Md5OfBody { get; init; }

    [JsonPropertyName("md5OfMessageAttributes")]
    public string? Md5OfMessageAttributes { get; init; }

    [JsonPropertyName("eventSource")]
    public string? EventSource { get; init; }

    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; init; }

    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; init; }

    /// <summary><c>ApproximateReceiveCount</c> as a number (1 on the first delivery); 0 when absent.</summary>
    [JsonIgnore]
    public int ApproximateReceiveCount =>
        Attributes.TryGetValue(SqsSystemAttributes.ApproximateReceiveCount, out var value)
        && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0;

    /// <summary><c>MessageGroupId</c> on FIFO queues; <see langword="null"/> on standard queues.</summary>
    [JsonIgnore]
    public string? MessageGroupId => Attributes.TryGetValue(SqsSystemAttributes.MessageGroupId, out var value) ? value : null;
}
