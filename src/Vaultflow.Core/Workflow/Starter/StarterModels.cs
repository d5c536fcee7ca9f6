using Vaultflow.Core.Contract;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Core.Workflow.Starter;

/// <summary>One SQS record as the Starter needs it (no Lambda types in the domain).</summary>
/// <param name="MessageId">The SQS message id: the default idempotency key and the batchItemFailures identifier.</param>
/// <param name="Body">The message body as received.</param>
/// <param name="ReceiveCount">ApproximateReceiveCount (1 on the first delivery).</param>
/// <param name="MessageAttributes">The message attributes by name.</param>
public sealed record StarterRecord(
    string MessageId,
    string Body,
    int ReceiveCount,
    IReadOnlyDictionary<string, QueueAttribute> MessageAttributes);

/// <summary>A batch of records from one queue.</summary>
/// <param name="IsFifo">A FIFO source: records run in order and the batch stops at the first failure.</param>
/// <param name="StartedBy">The Starter invocation (written into every workflow input).</param>
public sealed record StarterBatch(IReadOnlyList<StarterRecord> Records, bool IsFifo, StartedBy StartedBy)
{
    /// <summary>True when the event source ARN names a FIFO queue (its name ends in ".fifo").</summary>
    public static bool IsFifoSource(string? eventSourceArn) =>
        eventSourceArn is not null && eventSourceArn.EndsWith(".fifo", StringComparison.Ordinal);
}

/// <summary>How one record ended.</summary>
public enum StarterRecordOutcome
{
    /// <summary>Not attempted (a FIFO batch stopped earlier); reported failed.</summary>
    NotAttempted,

    Started,

    /// <summary>The execution already existed: a duplicate delivery, done.</summary>
    AlreadyExists,

    /// <summary>Poison: parked in the DLQ with its reason, done.</summary>
    DeadLettered,

    /// <summary>Could not be started or parked: reported in batchItemFailures for redelivery.</summary>
    Failed,
}

/// <summary>The batch's outcome: every record not explicitly done is in <see cref="FailedMessageIds"/>.</summary>
public sealed record StarterResult(IReadOnlyList<string> FailedMessageIds, IReadOnlyList<StarterRecordOutcome> Outcomes)
{
    public int Count(StarterRecordOutcome outcome) => Outcomes.Count(o => o == outcome);
}

/// <summary>The Starter's settings.</summary>
public sealed record StarterOptions
{
    /// <summary>
    /// Records of a standard-queue batch processed at once. 10 = the Starter's batch size: each record is
    /// one StartExecution round trip, so a batch takes about one round trip, not ceil(10/n) of them.
    /// </summary>
    public int MaxParallelism { get; init; } = 10;

    public RecursionGuardOptions Guard { get; init; } = RecursionGuardOptions.Default;

    public MessageLimits Limits { get; init; } = MessageLimits.Default;
}
