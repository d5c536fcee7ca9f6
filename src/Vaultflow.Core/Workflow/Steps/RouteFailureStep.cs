using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Failures;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Core.Workflow.Steps;

/// <summary>
/// The Catch target: sends the original message (the execution input's <c>message</c>, or the whole
/// input when it has none) to the DLQ with <c>vf-failure</c> (reason code), <c>vf-failure-detail</c>,
/// <c>vf-hops</c> + 1, <c>vf-replay-count</c> and <c>vf-origin-id</c>, and records a failure row. Once per
/// execution (ledger step <c>route-failure</c> keyed by the execution name); a crash between the send and
/// the ledger completion sends again on retry (at least once, never lost). When the database itself is
/// down (a failover, the very failure being routed), the message still goes to the DLQ, without the
/// ledger (a retry may send it twice; replay dedupes) and without a failure row (FailureId 0): the Starter
/// already deleted it from the ingest queue, so the DLQ is its only way back.
/// When the DLQ refuses the message's content (characters, size, attributes), it is sent once more in the
/// reduced form of <see cref="DeadLetterFallback"/> (<c>vf-body-encoding</c> says how to restore the body).
/// When the DLQ refuses for good (access denied, missing queue, unusable KMS key, or both forms refused), a
/// <c>dlq-refused</c> failure row is written and the step fails with <see cref="DeadLetterRefusedException"/>
/// (never retried): the message stays in the execution's input, and redriving the execution after the fix
/// runs this step again.
/// </summary>
public sealed class RouteFailureStep
{
    private readonly StepLedger _ledger;
    private readonly DeadLetterSender _sender;
    private readonly IRecordStore _store;
    private readonly ILogger _logger;

    /// <param name="ingestQueueUrl">The ingest queue; the DLQ must be another queue.</param>
    /// <exception cref="ConfigurationException">The DLQ is the ingest queue: every failure would loop.</exception>
    public RouteFailureStep(IIdempotencyLedger ledger, IDeadLetterQueue deadLetters, IRecordStore store, string? ingestQueueUrl, ILogger<RouteFailureStep> logger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(deadLetters);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(logger);
        if (ingestQueueUrl is not null && VaultflowSettings.SameQueue(deadLetters.QueueUrl, ingestQueueUrl))
        {
            throw new ConfigurationException(
                SettingNames.DlqUrl,
                $"{SettingNames.DlqUrl} ({deadLetters.QueueUrl}) is the ingest queue: RouteFailure would feed every failed message back into the workflow in a loop. Point {SettingNames.DlqUrl} at the dead-letter queue.");
        }

        _ledger = new StepLedger(ledger, logger);
        _sender = new DeadLetterSender(deadLetters, logger);
        _store = store;
        _logger = logger;
    }

    public async Task<RouteFailureOutput> RunAsync(RouteFailureRequest request, StepInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(invocation);
        invocation.Validate();
        var executionName = StepInputs.RequireExecutionName(request.ExecutionName, "RouteFailure");
        var original = OriginalMessage.From(request.Input);
        using var scope = WorkflowLog.Scope(_logger, invocation.AwsRequestId, original.IdempotencyKey, executionName);

        StepClaim? claim;
        try
        {
            claim = await _ledger.ClaimAsync(executionName, StepNames.RouteFailure, invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (TransientException ex)
        {
            WorkflowLog.RoutingWithoutLedger(_logger, ex);
            claim = null;
        }

        if (claim is { MustRun: false })
        {
            return StepLedger.ReadStored(claim, WorkflowStepsJsonContext.Default.RouteFailureOutput);
        }

        try
        {
            var failure = FailureClassifier.Classify(request.Failure);
            var routing = new RoutingState(original.ReplayCount, original.Hops, OriginId: null)
                .NextHop(original.MessageId ?? executionName, isReplay: false);
            DeadLetterSendResult sent;
            try
            {
                sent = await _sender.SendAsync(new DeadLetterDraft(original.Body, failure.Reason, failure.Detail, routing), cancellationToken).ConfigureAwait(false);
            }
            catch (DeadLetterRefusedException refused)
            {
                throw await RefusedAsync(refused, failure, original, executionName, cancellationToken).ConfigureAwait(false);
            }

            var dlqMessageId = sent.MessageId;
            var row = new NewFailure(
                failure.Reason,
                original.IdempotencyKey,
                original.MessageId,
                failure.Error,
                sent.FailureDetail,
                executionName);
            var failureId = claim is null
                ? await TryRecordFailureAsync(row, cancellationToken).ConfigureAwait(false)
                : await _store.RecordFailureAsync(row, cancellationToken).ConfigureAwait(false);
            var output = new RouteFailureOutput(failure.Reason, dlqMessageId, failureId, executionName);
            if (claim is not null)
            {
                await _ledger.CompleteAsync(executionName, StepNames.RouteFailure, invocation, output, WorkflowStepsJsonContext.Default.RouteFailureOutput, cancellationToken).ConfigureAwait(false);
            }

            WorkflowLog.Routed(_logger, dlqMessageId, failure.Reason, failure.Error, failureId);
            return output;
        }
        catch (Exception ex) when (claim is not null)
        {
            await _ledger.ReleaseAsync(executionName, StepNames.RouteFailure, invocation, claim, ex).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The DLQ refused the message for good: a <c>dlq-refused</c> failure row (ids and reasons only, never the
    /// message: it stays in the execution's input) and the error that fails the execution, saying what to do.
    /// </summary>
    private async Task<DeadLetterRefusedException> RefusedAsync(DeadLetterRefusedException refused, ClassifiedFailure failure, OriginalMessage original, string executionName, CancellationToken cancellationToken)
    {
        var detail = MessageAttributeLimit.FailureAttributes(failure.Reason, failure.Detail)[MessageAttributeNames.FailureDetail];
        var row = new NewFailure(
            FailureReasons.DlqRefused,
            original.IdempotencyKey,
            original.MessageId,
            failure.Error,
            $"The DLQ {_sender.QueueUrl} refused the message ({refused.Refusal}, {refused.ErrorCode}): {refused.Message} Original failure: {failure.Reason}: {detail} The message is the input of execution {executionName} (the failures table never holds message content): fix the DLQ, then redrive that execution.",
            executionName);
        // Always best effort: the refusal is what the operator must see, not a database hiccup on top of it.
        var failureId = await TryRecordFailureAsync(row, cancellationToken).ConfigureAwait(false);
        var recorded = failureId > 0
            ? $"failure row {failureId} (reason {FailureReasons.DlqRefused}) records it"
            : "no failure row could be written (the database is unavailable too)";
        WorkflowLog.DeadLetterRefused(_logger, refused.Refusal.ToString(), refused.ErrorCode, failureId, refused);
        return new DeadLetterRefusedException(
            refused.Refusal,
            refused.ErrorCode,
            $"RouteFailure could not park the failed message (reason {failure.Reason}) in the DLQ {_sender.QueueUrl}: {refused.Message} " +
            $"The message is not lost: it is the input of execution {executionName}, which Step Functions keeps with its history, and {recorded}. " +
            $"Fix the DLQ as that answer says, then redrive this execution (vaultflow redrive {executionName}, " +
            "or aws stepfunctions redrive-execution --execution-arn <arn>: it runs RouteFailure again), or start a new execution with its input.",
            refused);
    }

    /// <summary>The failure row when the database may be down: 0 when it could not be written (the DLQ message is what matters).</summary>
    private async Task<long> TryRecordFailureAsync(NewFailure row, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.RecordFailureAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (TransientException ex)
        {
            WorkflowLog.FailureRowSkipped(_logger, ex);
            return 0;
        }
    }

    /// <summary>What RouteFailure can read of an execution input that may be anything, even invalid.</summary>
    private sealed record OriginalMessage(string Body, string? IdempotencyKey, string? MessageId, int ReplayCount, int Hops)
    {
        public static OriginalMessage From(JsonElement? input)
        {
            if (input is not { ValueKind: not JsonValueKind.Undefined } value)
            {
                return new OriginalMessage("null", null, null, 0, 0);
            }

            var body = Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(value));
            if (value.ValueKind != JsonValueKind.Object)
            {
                return new OriginalMessage(body, null, null, 0, 0);
            }

            if (value.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                body = Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(message));
            }

            return new OriginalMessage(
                body,
                Text(value, "idempotencyKey") ?? DerivedKey(value),
                Text(value, "messageId"),
                Count(value, "replayCount"),
                Count(value, "hops"));
        }

        /// <summary>A console input has no idempotencyKey: derive it as Dedupe would, if the input is valid.</summary>
        private static string? DerivedKey(JsonElement input)
        {
            try
            {
                return WorkflowInputParser.Parse(JsonMarshal.GetRawUtf8Value(input)).Input.IdempotencyKey;
            }
            catch (InvalidMessageException)
            {
                return null;
            }
        }

        private static string? Text(JsonElement input, string name) =>
            input.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 and <= 1024 } s ? s : null;

        private static int Count(JsonElement input, string name) =>
            input.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n is >= 0 and < int.MaxValue ? n : 0;
    }
}
