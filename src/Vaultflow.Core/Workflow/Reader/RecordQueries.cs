using System.Text.Json;
using System.Text.Json.Serialization;
using Vaultflow.Core.Workflow.Contracts;

namespace Vaultflow.Core.Workflow.Reader;

/// <summary>GetRecord's payload: <c>{"id": "&lt;uuid&gt;"}</c> or <c>{"search": {"email": "ada@example.com"}}</c>.</summary>
public sealed record GetRecordRequest
{
    public string? Id { get; init; }

    public RecordSearch? Search { get; init; }
}

/// <summary>A search by blind-indexed field.</summary>
public sealed record RecordSearch
{
    public string? Email { get; init; }
}

/// <summary>
/// GetRecord's answer: <c>{"found": true, "records": [...]}</c>, or <c>{"found": false, "records": [],
/// "notFound": "..."}</c> with a sentence saying what was looked for (never the searched value).
/// </summary>
public sealed record GetRecordResult
{
    public bool Found { get; init; }

    public IReadOnlyList<RecordView> Records { get; init; } = [];

    public string? NotFound { get; init; }
}

/// <summary>One decrypted record.</summary>
public sealed record RecordView
{
    public required Guid RecordId { get; init; }

    public required string IdempotencyKey { get; init; }

    public string? Type { get; init; }

    public string? ExecutionName { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The message as encrypted (its canonical JSON).</summary>
    [JsonConverter(typeof(RawJsonConverter))]
    public required JsonElement Message { get; init; }
}

/// <summary>Source-generated JSON of the reader's contract (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GetRecordRequest))]
[JsonSerializable(typeof(GetRecordResult))]
public sealed partial class RecordReaderJsonContext : JsonSerializerContext;
