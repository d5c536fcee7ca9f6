using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Core.Workflow.Failures;

/// <summary>Builds the attributes of a message Vaultflow parks in the DLQ.</summary>
public static class DeadLetterAttributes
{
    /// <summary>
    /// vf-failure and vf-failure-detail (bounded), the next hop's vf-hops / vf-replay-count / vf-origin-id,
    /// and the producer's own attributes when they all fit in SQS's 10; otherwise the producer's are dropped
    /// (parking a message is never refused for its attributes). <paramref name="bodyEncoding"/> adds
    /// vf-body-encoding when the body is not the original as is.
    /// </summary>
    public static IReadOnlyDictionary<string, QueueAttribute> Build(
        string reason,
        string detail,
        RoutingState next,
        IReadOnlyDictionary<string, QueueAttribute>? producerAttributes = null,
        string? bodyEncoding = null)
    {
        ArgumentNullException.ThrowIfNull(next);
        var ours = new Dictionary<string, QueueAttribute>(StringComparer.Ordinal);
        if (bodyEncoding is not null)
        {
            ours[MessageAttributeNames.BodyEncoding] = QueueAttribute.String(bodyEncoding);
        }

        foreach (var (name, value) in next.ToAttributes())
        {
            ours[name] = QueueAttribute.String(value);
        }

        foreach (var (name, value) in MessageAttributeLimit.FailureAttributes(reason, detail))
        {
            ours[name] = QueueAttribute.String(value);
        }

        var producer = (producerAttributes ?? new Dictionary<string, QueueAttribute>())
            .Where(a => !MessageAttributeNames.IsVaultflow(a.Key))
            .ToList();
        if (producer.Count + ours.Count > MessageAttributeLimit.MaxAttributes)
        {
            return ours;
        }

        foreach (var (name, value) in producer)
        {
            ours[name] = value;
        }

        return ours;
    }
}
