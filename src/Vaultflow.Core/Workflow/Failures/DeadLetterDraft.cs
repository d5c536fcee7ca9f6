using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Core.Workflow.Failures;

/// <summary>
/// What Vaultflow wants to park: the original body, the reason, the detail and the next hop's routing state.
/// <see cref="ToMessage"/> is the form sent first; <see cref="DeadLetterFallback.Reduce"/> the form sent when
/// SQS refused that one for its content.
/// </summary>
/// <param name="OriginalBody">The body as received (the Starter) or the execution input's message (RouteFailure).</param>
/// <param name="Detail">The failure detail (never message content).</param>
/// <param name="ProducerAttributes">The producer's attributes, forwarded when they fit (the Starter only).</param>
public sealed record DeadLetterDraft(
    string OriginalBody,
    string Reason,
    string Detail,
    RoutingState Next,
    IReadOnlyDictionary<string, QueueAttribute>? ProducerAttributes = null)
{
    /// <summary>
    /// The original body with vf-* attributes and the producer's that fit; a body SQS cannot carry at all
    /// (empty, or a character it refuses) as a JSON string literal with <c>vf-body-encoding: json-string</c>.
    /// </summary>
    public DeadLetterMessage ToMessage()
    {
        var (body, note) = DeadLetterBody.ForSqs(OriginalBody);
        var attributes = DeadLetterAttributes.Build(
            Reason,
            note is null ? Detail : Detail + " " + note,
            Next,
            ProducerAttributes,
            note is null ? null : DeadLetterBodyEncoding.JsonString);
        return new DeadLetterMessage(body, attributes);
    }
}
