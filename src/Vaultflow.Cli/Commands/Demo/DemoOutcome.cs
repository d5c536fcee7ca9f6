using Vaultflow.Aws.Replay;
using Vaultflow.Core.Contract;

namespace Vaultflow.Cli.Commands.Demo;

/// <summary>
/// A sample once sent: its SQS message id (queue), execution ARN (console) or vf-origin-id (parked in the DLQ),
/// and the key the workflow uses. <see cref="DlqMessageId"/>: the DLQ message id of a parked sample, which the
/// replay report names.
/// </summary>
internal sealed record SentSample(DemoSample Sample, string Id, string Key, string ExecutionName, string? ExecutionArn, string? DlqMessageId = null);

/// <summary>What became of one sent sample.</summary>
/// <param name="Outcome">persisted, duplicate, dlq, failed or pending.</param>
/// <param name="Reason">The DLQ reason (vf-failure), or the execution's error.</param>
/// <param name="Matches">True when the outcome is what the sample's expectation says.</param>
internal sealed record DemoOutcome(SentSample Sent, string Outcome, string? Reason, string? ExecutionName, Guid? RecordId, bool Matches)
{
    public const string Persisted = "persisted";
    public const string Duplicate = "duplicate";
    public const string DeadLetter = "dlq";
    public const string Failed = "failed";
    public const string Pending = "pending";

    public bool Settled => Outcome != Pending;
}

/// <summary>A sample parked in the DLQ at the replay limit, and the replay's refusal of it (null: not refused).</summary>
internal sealed record ParkedAtLimit(SentSample Sent, ReplayRefusal? Refusal)
{
    public bool RefusedByGuard => Refusal?.RefusalReason == InvalidMessageReasons.RecursionGuard;
}

/// <summary>A poison sample after the DLQ replay: back in the DLQ with the guard's counts.</summary>
internal sealed record ReplayedPoison(SentSample Sent, string Reason, string ReplayCount, string Hops);
