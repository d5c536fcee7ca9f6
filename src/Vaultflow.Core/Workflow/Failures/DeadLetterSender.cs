using Microsoft.Extensions.Logging;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Core.Workflow.Failures;

/// <summary>A parked message: its DLQ message id, the form sent, and the code that refused the first form when the fallback was used.</summary>
public sealed record DeadLetterSendResult(string MessageId, DeadLetterMessage Message, string? FallbackAfter)
{
    public string FailureDetail => Message.Attributes[MessageAttributeNames.FailureDetail].StringValue!;
}

/// <summary>
/// Parks a <see cref="DeadLetterDraft"/>: the first form, and when the queue refuses its content
/// (<see cref="DeadLetterRefusal.Content"/>) the reduced form of <see cref="DeadLetterFallback"/>, once.
/// Transient errors and queue refusals propagate unchanged (retrying a throttle is the state machine's job;
/// no form fixes a missing queue or a denied key), and so does a second content refusal.
/// </summary>
public sealed class DeadLetterSender
{
    private readonly IDeadLetterQueue _queue;
    private readonly ILogger _logger;

    public DeadLetterSender(IDeadLetterQueue queue, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(logger);
        _queue = queue;
        _logger = logger;
    }

    public string QueueUrl => _queue.QueueUrl;

    /// <exception cref="TransientException">The queue throttled or was unreachable: retry later.</exception>
    /// <exception cref="DeadLetterRefusedException">The queue refused the queue access, or both forms of the message.</exception>
    public async Task<DeadLetterSendResult> SendAsync(DeadLetterDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var first = draft.ToMessage();
        try
        {
            return new DeadLetterSendResult(await _queue.SendAsync(first, cancellationToken).ConfigureAwait(false), first, null);
        }
        catch (DeadLetterRefusedException refused) when (refused.Refusal == DeadLetterRefusal.Content)
        {
            var reduced = DeadLetterFallback.Reduce(draft, refused.ErrorCode);
            var encoding = reduced.Attributes[MessageAttributeNames.BodyEncoding].StringValue!;
            var size = DeadLetterFallback.SizeOf(reduced);
            WorkflowLog.DeadLetterFallback(_logger, refused.ErrorCode, DeadLetterFallback.SizeOf(first), encoding, size);
            try
            {
                return new DeadLetterSendResult(await _queue.SendAsync(reduced, cancellationToken).ConfigureAwait(false), reduced, refused.ErrorCode);
            }
            catch (DeadLetterRefusedException again) when (again.Refusal == DeadLetterRefusal.Content)
            {
                throw new DeadLetterRefusedException(
                    DeadLetterRefusal.Content,
                    again.ErrorCode,
                    $"{refused.Message} The reduced form ({encoding} body, only vf-* attributes, {size} bytes) was refused too: {again.Message}",
                    again);
            }
        }
    }
}
