using Microsoft.Extensions.Logging;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Failures;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Core.Workflow.Starter;

/// <summary>
/// The Starter's batch logic. Per record: recursion guard on the vf-* attributes, contract parse (the
/// SQS message id is the default key), workflow input, StartExecution under the deterministic name.
/// Started or AlreadyExists is done; poison (contract violation, guard refusal, malformed attribute)
/// is parked in the DLQ with its reason (in the reduced form of <see cref="DeadLetterFallback"/> when the DLQ
/// refuses the first form's content) and is done once the send succeeded; anything else stays failed
/// so SQS redelivers it. Every record counts as failed until it succeeds. Standard queues: records in
/// parallel up to <see cref="StarterOptions.MaxParallelism"/>; FIFO: in order, and after the first
/// failure the rest are reported failed without being attempted (their order must hold).
/// </summary>
public sealed class StarterService
{
    private readonly IExecutionStarter _executions;
    private readonly DeadLetterSender _deadLetters;
    private readonly StarterOptions _options;
    private readonly RecursionGuard _guard;
    private readonly ILogger _logger;

    public StarterService(IExecutionStarter executions, IDeadLetterQueue deadLetters, StarterOptions options, ILogger<StarterService> logger)
    {
        ArgumentNullException.ThrowIfNull(executions);
        ArgumentNullException.ThrowIfNull(deadLetters);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxParallelism, 1);
        options.Limits.Validate();
        _executions = executions;
        _deadLetters = new DeadLetterSender(deadLetters, logger);
        _options = options;
        _guard = new RecursionGuard(options.Guard);
        _logger = logger;
    }

    public async Task<StarterResult> ProcessAsync(StarterBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var records = batch.Records;
        var outcomes = new StarterRecordOutcome[records.Count];
        WorkflowLog.BatchReceived(_logger, records.Count, batch.IsFifo ? "FIFO" : "standard");
        if (batch.IsFifo)
        {
            for (var i = 0; i < records.Count; i++)
            {
                outcomes[i] = await ProcessRecordAsync(records[i], batch.StartedBy, cancellationToken).ConfigureAwait(false);
                if (outcomes[i] == StarterRecordOutcome.Failed)
                {
                    WorkflowLog.FifoStopped(_logger, records.Count - i - 1);
                    break;
                }
            }
        }
        else
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, records.Count), parallel, async (i, token) =>
                outcomes[i] = await ProcessRecordAsync(records[i], batch.StartedBy, token).ConfigureAwait(false)).ConfigureAwait(false);
        }

        var failed = records
            .Where((_, i) => outcomes[i] is StarterRecordOutcome.Failed or StarterRecordOutcome.NotAttempted)
            .Select(r => r.MessageId)
            .ToList();
        var result = new StarterResult(failed, outcomes);
        WorkflowLog.BatchDone(
            _logger,
            result.Count(StarterRecordOutcome.Started),
            result.Count(StarterRecordOutcome.AlreadyExists),
            result.Count(StarterRecordOutcome.DeadLettered),
            failed.Count);
        return result;
    }

    private async Task<StarterRecordOutcome> ProcessRecordAsync(StarterRecord record, StartedBy startedBy, CancellationToken cancellationToken)
    {
        using var requestScope = _logger.BeginScope(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["aws_request_id"] = startedBy.AwsRequestId,
            ["message_id"] = record.MessageId,
            ["receive_count"] = record.ReceiveCount,
        });
        if (NonTextVaultflowAttribute(record.MessageAttributes) is { } forged)
        {
            return await DeadLetterAsync(record, InvalidMessageReasons.InvalidAttribute, forged, null, cancellationToken).ConfigureAwait(false);
        }

        var decision = _guard.Evaluate(GuardView(record.MessageAttributes));
        if (!decision.IsAllowed)
        {
            return await DeadLetterAsync(record, decision.Reason!, decision.Detail!, decision.State, cancellationToken).ConfigureAwait(false);
        }

        var routing = decision.State!;
        string executionName;
        string key;
        byte[] input;
        try
        {
            // A keyless message keeps its first SQS message id as its key across replays (vf-origin-id),
            // so a replay that runs twice (a crash between send and delete) still dedupes.
            var message = IngestMessageParser.Parse(record.Body, routing.OriginId ?? record.MessageId, _options.Limits);
            input = WorkflowInput.Create(message, record.MessageId, record.ReceiveCount, routing.ReplayCount, routing.Hops, startedBy).ToUtf8Json();
            key = message.Key;
            executionName = ExecutionName.For(key, routing.ReplayCount);
        }
        catch (InvalidMessageException ex)
        {
            return await DeadLetterAsync(record, ex.Reason, ex.Message, routing, cancellationToken).ConfigureAwait(false);
        }

        using var executionScope = WorkflowLog.Scope(_logger, startedBy.AwsRequestId, key, executionName);
        try
        {
            var started = await _executions.StartAsync(executionName, input, cancellationToken).ConfigureAwait(false);
            if (started == ExecutionStartOutcome.AlreadyExists)
            {
                WorkflowLog.ExecutionExisted(_logger, executionName, record.ReceiveCount);
                return StarterRecordOutcome.AlreadyExists;
            }

            WorkflowLog.ExecutionStarted(_logger, executionName, record.ReceiveCount);
            return StarterRecordOutcome.Started;
        }
#pragma warning disable CA1031 // Any failure to start leaves the record for redelivery; one record must not fail the batch.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkflowLog.StartFailed(_logger, record.ReceiveCount, ex);
            return StarterRecordOutcome.Failed;
        }
    }

    private async Task<StarterRecordOutcome> DeadLetterAsync(StarterRecord record, string reason, string detail, RoutingState? routing, CancellationToken cancellationToken)
    {
        try
        {
            var next = (routing ?? RoutingState.Fresh).NextHop(record.MessageId, isReplay: false);
            var sent = await _deadLetters.SendAsync(new DeadLetterDraft(record.Body, reason, detail, next, record.MessageAttributes), cancellationToken).ConfigureAwait(false);
            WorkflowLog.DeadLettered(_logger, sent.MessageId, reason, record.ReceiveCount);
            return StarterRecordOutcome.DeadLettered;
        }
#pragma warning disable CA1031 // A poison message that cannot be parked must stay on the queue: never lose a record.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkflowLog.DeadLetterFailed(_logger, reason, ex);
            return StarterRecordOutcome.Failed;
        }
    }

    /// <summary>The detail for a vf-* attribute without a string value (Binary), or null when there is none.</summary>
    private static string? NonTextVaultflowAttribute(IReadOnlyDictionary<string, QueueAttribute> attributes)
    {
        foreach (var name in MessageAttributeNames.All)
        {
            if (attributes.TryGetValue(name, out var attribute) && attribute.StringValue is null)
            {
                return $"The message attribute {name} has DataType {Describe.SafeName(attribute.DataType)} and no string value; Vaultflow's vf-* attributes are String (counts may be Number). Remove the attribute (Vaultflow sets it itself) and send again.";
            }
        }

        return null;
    }

    /// <summary>
    /// The attribute values the guard reads. Number-typed values count too (a vf-* count sent as a Number
    /// must not slip past the guard); a vf-* attribute without a string value never gets here (see
    /// <see cref="NonTextVaultflowAttribute"/>).
    /// </summary>
    private static Dictionary<string, string> GuardView(IReadOnlyDictionary<string, QueueAttribute> attributes)
    {
        var view = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, attribute) in attributes)
        {
            if (attribute.StringValue is not null)
            {
                view[name] = attribute.StringValue;
            }
        }

        return view;
    }
}
