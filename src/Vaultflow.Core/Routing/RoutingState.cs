using System.Globalization;

namespace Vaultflow.Core.Routing;

/// <summary>What the vf-* attributes say about a message's journey so far.</summary>
/// <param name="ReplayCount">Replays so far (0 for a producer's message).</param>
/// <param name="Hops">Sends by Vaultflow so far (0 for a producer's message).</param>
/// <param name="OriginId">The first SQS message id; null until Vaultflow first sends the message.</param>
public sealed record RoutingState(int ReplayCount, int Hops, string? OriginId)
{
    /// <summary>A message straight from a producer.</summary>
    public static RoutingState Fresh { get; } = new(0, 0, null);

    /// <summary>
    /// The state of the copy Vaultflow is about to send: one more hop, one more replay when it is a
    /// replay, and the origin id kept (or set to the current message id on the first hop).
    /// </summary>
    public RoutingState NextHop(string currentMessageId, bool isReplay)
    {
        ArgumentException.ThrowIfNullOrEmpty(currentMessageId);
        return new RoutingState(
            checked(ReplayCount + (isReplay ? 1 : 0)),
            checked(Hops + 1),
            OriginId ?? currentMessageId);
    }

    /// <summary>The vf-replay-count, vf-hops and vf-origin-id attribute values for this state.</summary>
    public IReadOnlyDictionary<string, string> ToAttributes()
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MessageAttributeNames.ReplayCount] = ReplayCount.ToString(CultureInfo.InvariantCulture),
            [MessageAttributeNames.Hops] = Hops.ToString(CultureInfo.InvariantCulture),
        };
        if (OriginId is not null)
        {
            attributes[MessageAttributeNames.OriginId] = OriginId;
        }

        return attributes;
    }
}
