using Amazon.SQS.Model;
using Vaultflow.Core.Routing;

namespace Vaultflow.Aws.Replay;

public enum ReplayAction
{
    /// <summary>Not selected (--reason filter): released at once.</summary>
    Skip,

    /// <summary>The guard (or the attribute limit) refuses it: it stays in the DLQ.</summary>
    Refuse,

    /// <summary>Send the copy with <see cref="ReplayDecision.Attributes"/>, then delete the original.</summary>
    Move,
}

/// <summary>What the planner decided for one DLQ message.</summary>
/// <param name="Action">Skip, refuse or move.</param>
/// <param name="FailureReason">The message's vf-failure code ("unknown" when absent).</param>
/// <param name="RefusalReason">For a refusal: recursion-guard, invalid-attribute or too-many-attributes.</param>
/// <param name="Detail">For a refusal: why, and what to do.</param>
/// <param name="Next">For a move: the routing state of the copy.</param>
/// <param name="Attributes">For a move: every attribute of the copy.</param>
/// <param name="Forced">The move used --force (a fresh replay budget).</param>
/// <param name="Previous">The routing state the message carried, when readable.</param>
/// <param name="Body">For a move: the body to send, the original restored when the DLQ body was encoded (vf-body-encoding); null = the DLQ body as is.</param>
public sealed record ReplayDecision(
    ReplayAction Action,
    string FailureReason,
    string? RefusalReason = null,
    string? Detail = null,
    RoutingState? Next = null,
    IReadOnlyDictionary<string, MessageAttributeValue>? Attributes = null,
    bool Forced = false,
    RoutingState? Previous = null,
    string? Body = null);
