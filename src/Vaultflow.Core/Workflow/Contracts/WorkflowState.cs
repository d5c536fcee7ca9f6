using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaultflow.Core.Workflow.Contracts;

/// <summary>
/// Dedupe's output and Encrypt's input (<c>$.workflow</c>): the normalised execution input.
/// A duplicate is <c>{"duplicate": true, "recordId": "...", "idempotencyKey": "..."}</c> (the state
/// machine then ends in AlreadyPersisted); otherwise every field but <see cref="RecordId"/> is set and
/// <see cref="Message"/> is the message object exactly as sent.
/// </summary>
public sealed record WorkflowState
{
    public required string IdempotencyKey { get; init; }

    /// <summary>The SQS message id; null for console input.</summary>
    public string? MessageId { get; init; }

    public int ReceiveCount { get; init; }

    public int ReplayCount { get; init; }

    public int Hops { get; init; }

    /// <summary>The message type (<c>message.type</c>).</summary>
    public string? Type { get; init; }

    /// <summary>The ingest message; absent on a duplicate and in the ledger's stored copy (no plaintext at rest).</summary>
    [JsonConverter(typeof(RawJsonConverter))]
    public JsonElement? Message { get; init; }

    /// <summary>True when a record with this idempotency key already exists.</summary>
    public bool Duplicate { get; init; }

    /// <summary>The existing record's id when <see cref="Duplicate"/> is true.</summary>
    public Guid? RecordId { get; init; }
}
