using Amazon.SQS.Model;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Failures;

namespace Vaultflow.Aws.Replay;

/// <summary>
/// Decides, without I/O, what replay does with one DLQ message: skip it (filter), refuse it (the
/// recursion guard on the next hop, a malformed vf-* attribute, or too many attributes) or move it
/// with vf-replay-count + 1, vf-hops + 1, vf-origin-id kept, vf-failure, vf-failure-detail and
/// vf-body-encoding removed, and the producer's other attributes kept. A body parked in an encoded form
/// (vf-body-encoding) is restored to the original; one that does not decode, or whose original SQS cannot
/// carry (the reason it was encoded), is refused and stays in the DLQ.
/// </summary>
public sealed class ReplayPlanner
{
    /// <summary>The vf-failure value reported for a DLQ message without one.</summary>
    public const string UnknownReason = "unknown";

    private readonly RecursionGuard _guard;
    private readonly string? _reasonFilter;
    private readonly bool _force;

    public ReplayPlanner(RecursionGuardOptions guard, string? reasonFilter, bool force)
    {
        _guard = new RecursionGuard(guard);
        _reasonFilter = reasonFilter;
        _force = force;
    }

    /// <summary>Refusal reason: the original body (restored from vf-body-encoding) cannot travel through SQS.</summary>
    public const string UnsendableBody = "unsendable-body";

    /// <param name="messageId">The DLQ message id.</param>
    /// <param name="attributes">The DLQ message's attributes.</param>
    /// <param name="body">The DLQ body, to restore an encoded one; null skips that (the body goes as is).</param>
    public ReplayDecision Plan(string messageId, IReadOnlyDictionary<string, MessageAttributeValue>? attributes, string? body = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        attributes ??= new Dictionary<string, MessageAttributeValue>();
        var failure = StringValue(attributes, MessageAttributeNames.Failure) ?? UnknownReason;
        if (_reasonFilter is not null && !string.Equals(failure, _reasonFilter, StringComparison.Ordinal))
        {
            return new ReplayDecision(ReplayAction.Skip, failure);
        }

        var current = _guard.Evaluate(StringAttributes(attributes));
        RoutingState next;
        if (_force)
        {
            var origin = current.State?.OriginId ?? messageId;
            next = new RoutingState(0, 0, origin).NextHop(messageId, isReplay: true);
        }
        else
        {
            if (current.Outcome == GuardOutcome.InvalidAttribute)
            {
                return new ReplayDecision(ReplayAction.Refuse, failure, current.Reason, current.Detail + " Or replay it with --force, which resets the vf-* counts.");
            }

            next = current.State!.NextHop(messageId, isReplay: true);
            var verdict = _guard.Evaluate(next);
            if (!verdict.IsAllowed)
            {
                return new ReplayDecision(ReplayAction.Refuse, failure, verdict.Reason, verdict.Detail, next, Previous: current.State);
            }
        }

        var outgoing = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            if (!MessageAttributeNames.IsVaultflow(name))
            {
                outgoing[name] = value;
            }
        }

        var ours = next.ToAttributes();
        try
        {
            _ = MessageAttributeLimit.Merge(outgoing.Keys, ours.Keys);
        }
        catch (InvalidMessageException ex)
        {
            return new ReplayDecision(ReplayAction.Refuse, failure, ex.Reason, ex.Message, next, Previous: current.State);
        }

        foreach (var (name, value) in ours)
        {
            outgoing[name] = new MessageAttributeValue { DataType = "String", StringValue = value };
        }

        if (body is not null && StringValue(attributes, MessageAttributeNames.BodyEncoding) is { } encoding)
        {
            if (!DeadLetterBodyEncoding.TryDecode(encoding, body, out var original, out var problem))
            {
                return new ReplayDecision(ReplayAction.Refuse, failure, InvalidMessageReasons.InvalidAttribute, $"{problem}. The message stays in the DLQ: decode its body by hand, or remove the attribute and replay it as is.", next, Previous: current.State);
            }

            var bad = original.Length == 0 ? 0 : DeadLetterBody.FirstUnsendable(original);
            if (bad >= 0)
            {
                var what = original.Length == 0 ? "is empty" : $"holds {CodePoint(original[bad])} at index {bad}";
                return new ReplayDecision(ReplayAction.Refuse, failure, UnsendableBody, $"The original body (restored from {encoding}) {what}, which SQS cannot carry, so it cannot go back through the ingest queue. Start an execution with it instead (input {{\"message\": ...}}), or delete it from the DLQ.", next, Previous: current.State);
            }

            body = original;
        }

        return new ReplayDecision(ReplayAction.Move, failure, Next: next, Attributes: outgoing, Forced: _force, Previous: current.State, Body: body);
    }

    private static string CodePoint(char c) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"U+{(int)c:X4}");

    private static string? StringValue(IReadOnlyDictionary<string, MessageAttributeValue> attributes, string name) =>
        attributes.TryGetValue(name, out var value) ? value.StringValue : null;

    /// <summary>The string values of String/Number attributes, as the guard reads them.</summary>
    private static Dictionary<string, string> StringAttributes(IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            if (value.StringValue is not null)
            {
                values[name] = value.StringValue;
            }
        }

        return values;
    }
}
