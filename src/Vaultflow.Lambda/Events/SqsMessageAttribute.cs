using System.Text.Json.Serialization;

namespace Vaultflow.Lambda.Events;

/// <summary>A user message attribute; binary values arrive base64-encoded.</summary>
public sealed class SqsMessageAttribute
{
    [JsonPropertyName("stringValue")]
    public string? StringValue { get; init; }

    [JsonPropertyName("binaryValue")]
    public string? BinaryValue { get; init; }

    [JsonPropertyName("stringListValues")]
    public IList<string> StringListValues { get; init; } = [];

    [JsonPropertyName("binaryListValues")]
    public IList<string> BinaryListValues { get; init; } = [];

    /// <summary>String, Number or Binary, optionally with a custom suffix (e.g. "Number.int").</summary>
    [JsonPropertyName("dataType")]
    public string DataType { get; init; } = "String";
}
