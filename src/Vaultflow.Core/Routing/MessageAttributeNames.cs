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

    /// <summary>
    /// How the DLQ body is encoded when it is not the original as received (<c>json-string</c>,
    /// <c>gzip-base64</c>; see <c>Workflow.Failures.DeadLetterBodyEncoding</c>). Absent: the body is the original.
    /// Set only on parked messages whose body SQS could not carry as is; replay decodes it.
    /// </summary>
    public const string BodyEncoding = "vf-body-encoding";

    /// <summary>The five attributes of every parked message (<see cref="BodyEncoding"/> only appears on some).</summary>
    public static IReadOnlyList<string> All { get; } = [ReplayCount, Hops, OriginId, Failure, FailureDetail];

    /// <summary>Vaultflow's own names (<see cref="All"/> and <see cref="BodyEncoding"/>): a producer's copy is never trusted.</summary>
    public static bool IsVaultflow(string name) =>
        All.Contains(name, StringComparer.Ordinal) || string.Equals(name, BodyEncoding, StringComparison.Ordinal);
}
