namespace Vaultflow.Chaos.Plan;

/// <summary>What a sent message is meant to exercise.</summary>
internal enum MessageKind
{
    /// <summary>The first copy of a unique valid message.</summary>
    Unique,

    /// <summary>The same body (and key) sent again.</summary>
    ExactDuplicate,

    /// <summary>Same producer key and data, but a different body (other property order and spacing).</summary>
    KeyDuplicate,

    /// <summary>A malformed body the pipeline must park in the DLQ with a reason.</summary>
    Poison,
}

/// <param name="Index">For valid messages, the unique message it belongs to (the marker's number); -1 for poison.</param>
/// <param name="Key">The producer key, or null (the key is then the first SQS message id).</param>
/// <param name="PoisonKind">For poison, the kind (the events/poison file name, or a chaos-made kind).</param>
/// <param name="ExpectedReason">For poison, the vf-failure reason the parser should give.</param>
internal sealed record PlannedMessage(MessageKind Kind, int Index, string? Key, string Body, string? PoisonKind = null, string? ExpectedReason = null);
