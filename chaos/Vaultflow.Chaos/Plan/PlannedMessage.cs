using Vaultflow.Core.Workflow.Ports;

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

    /// <summary>A malformed body (or forged attributes) the pipeline must park in the DLQ with a reason.</summary>
    Poison,

    /// <summary>A corpus body that looks hostile but is valid (SQL metacharacters, escaped NUL, ...): persisted intact.</summary>
    HostileValid,
}

/// <param name="Index">For valid messages, the unique message it belongs to (the marker's number); -1 otherwise.</param>
/// <param name="Key">The producer key, or null (the key is then the first SQS message id).</param>
/// <param name="Poison">For poison, the kind and what it must be parked with; for hostile-valid messages, null.</param>
/// <param name="HostileKind">For hostile-valid messages, the corpus kind.</param>
internal sealed record PlannedMessage(MessageKind Kind, int Index, string? Key, string Body, PoisonKind? Poison = null, string? HostileKind = null)
{
    private static readonly Dictionary<string, QueueAttribute> NoAttributes = [];

    /// <summary>The message attributes to send (poison with forged vf-* attributes); empty for the rest.</summary>
    public IReadOnlyDictionary<string, QueueAttribute> Attributes => Poison?.Attributes ?? NoAttributes;
}
