namespace Vaultflow.Core.Routing;

/// <summary>The SQS message attributes Vaultflow reads and writes (all of DataType String).</summary>
public static class MessageAttributeNames
{
    /// <summary>How many times the message was replayed from the DLQ.</summary>
    public const string ReplayCount = "vf-replay-count";

    /// <summary>How many times Vaultflow itself sent this message (to the DLQ, on replay).</summary>
    public const string Hops = "vf-hops";

    /// <summary>The SQS message id of the message as the producer first sent it.</summary>
    public const string OriginId = "vf-origin-id";

    /// <summary>The reason code of the failure that parked the message in the DLQ.</summary>
    public const string Failure = "vf-failure";

    /// <summary>The human sentence for <see cref="Failure"/> (bounded, no message content).</summary>
    public const string FailureDetail = "vf-failure-detail";

    public static IReadOnlyList<string> All { get; } = [ReplayCount, Hops, OriginId, Failure, FailureDetail];

    public static bool IsVaultflow(string name) => All.Contains(name, StringComparer.Ordinal);
}
