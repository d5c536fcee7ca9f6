using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Core.Routing;

namespace Vaultflow.Aws.Replay;

/// <summary>
/// Moves messages from the DLQ back to the ingest queue: receive (all attributes), plan with
/// <see cref="ReplayPlanner"/>, send the copy (with the original body restored when the DLQ body was
/// parked encoded, see vf-body-encoding), and only then delete the original. A crash between
/// send and delete leaves the original in the DLQ next to its copy: a duplicate, which the workflow
/// dedupes (same key, same replay count, same execution name), never a loss. Messages not moved are
/// released at once (visibility 0) and stay in the DLQ. StartMessageMoveTask is not used: it cannot
/// apply the recursion guard or rewrite the vf-* attributes.
/// </summary>
public sealed class DlqReplayer
{
    private readonly IAmazonSQS _sqs;
    private readonly ILogger _logger;

    public DlqReplayer(IAmazonSQS sqs, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        _sqs = sqs;
        _logger = logger ?? NullLogger.Instance;
    }

    public async Task<ReplayReport> RunAsync(ReplayOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var planner = new ReplayPlanner(options.Guard, options.Reason, options.Force);
        var bucket = options.RatePerSecond is { } rate ? new TokenBucket(rate) : null;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // A copy that fails again at once comes back to the DLQ under a new message id while this run
        // is still receiving; its vf-origin-id gives it away, and one run replays each origin once.
        var movedOrigins = new HashSet<string>(StringComparer.Ordinal);
        var moved = new List<ReplayMove>();
        var refused = new List<ReplayRefusal>();
        var failed = new List<ReplayFailure>();
        var skipped = 0;
        var idle = 0;
        var receives = 0;
        var stoppedAtMax = false;
        int Selected() => moved.Count + refused.Count + failed.Count;

        while (idle < options.MaxIdleReceives)
        {
            if (options.Max is { } max && Selected() >= max)
            {
                stoppedAtMax = true;
                break;
            }

            if (++receives > options.MaxReceives)
            {
                break;
            }

            var response = await _sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = options.DlqUrl,
                    // Never hold more than --max still allows: whatever is received is hidden until handled.
                    MaxNumberOfMessages = options.Max is { } cap ? Math.Clamp(cap - Selected(), 1, 10) : 10,
                    VisibilityTimeout = (int)options.VisibilityTimeout.TotalSeconds,
                    WaitTimeSeconds = options.WaitTimeSeconds,
                    MessageAttributeNames = ["All"],
                    MessageSystemAttributeNames = ["All"],
                },
                cancellationToken).ConfigureAwait(false);
            var anyNew = false;
            foreach (var message in response.Messages ?? [])
            {
                if (!seen.Add(message.MessageId) || (options.Max is { } limit && Selected() >= limit))
                {
                    // Handled earlier in this run (released, now visible again), or beyond --max.
                    await ReleaseAsync(options.DlqUrl, message, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                anyNew = true;
                if (message.MessageAttributes is { } attrs && attrs.TryGetValue(MessageAttributeNames.OriginId, out var origin)
                    && origin.StringValue is { } originId && movedOrigins.Contains(originId))
                {
                    skipped++;
                    await ReleaseAsync(options.DlqUrl, message, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var decision = planner.Plan(message.MessageId, message.MessageAttributes, message.Body);
                switch (decision.Action)
                {
                    case ReplayAction.Skip:
                        skipped++;
                        await ReleaseAsync(options.DlqUrl, message, cancellationToken).ConfigureAwait(false);
                        continue;
                    case ReplayAction.Refuse:
                        refused.Add(new ReplayRefusal(message.MessageId, decision.FailureReason, decision.RefusalReason!, decision.Detail!));
                        _logger.Refused(message.MessageId, decision.RefusalReason!);
                        await ReleaseAsync(options.DlqUrl, message, cancellationToken).ConfigureAwait(false);
                        break;
                    case ReplayAction.Move when options.DryRun:
                        moved.Add(new ReplayMove(message.MessageId, null, decision.FailureReason, decision.Next!.ReplayCount, decision.Next.Hops, decision.Forced));
                        await ReleaseAsync(options.DlqUrl, message, cancellationToken).ConfigureAwait(false);
                        break;
                    case ReplayAction.Move:
                        if (bucket is not null)
                        {
                            await bucket.WaitAsync(cancellationToken).ConfigureAwait(false);
                        }

                        movedOrigins.Add(decision.Next!.OriginId!);
                        await MoveAsync(options, message, decision, moved, failed, cancellationToken).ConfigureAwait(false);
                        break;
                }

                options.Progress?.Report(new ReplayProgress(Selected(), moved.Count, refused.Count, failed.Count));
            }

            idle = anyNew ? 0 : idle + 1;
        }

        return new ReplayReport(options.DryRun, moved, refused, failed, skipped, stoppedAtMax, receives > options.MaxReceives);
    }

    private async Task MoveAsync(ReplayOptions options, Message message, ReplayDecision decision, List<ReplayMove> moved, List<ReplayFailure> failed, CancellationToken cancellationToken)
    {
        if (decision.Forced)
        {
            _logger.ForcedReplay(message.MessageId, decision.FailureReason, decision.Previous?.ReplayCount ?? -1, decision.Previous?.Hops ?? -1);
        }

        string newId;
        try
        {
            var sent = await _sqs.SendMessageAsync(
                new SendMessageRequest
                {
                    QueueUrl = options.IngestQueueUrl,
                    MessageBody = decision.Body ?? message.Body,
                    MessageAttributes = new Dictionary<string, MessageAttributeValue>(decision.Attributes!, StringComparer.Ordinal),
                },
                cancellationToken).ConfigureAwait(false);
            newId = sent.MessageId;
        }
        catch (AmazonSQSException ex)
        {
            failed.Add(new ReplayFailure(message.MessageId, decision.FailureReason, $"sending the copy failed ({ex.ErrorCode}: {ex.Message}); the message stays in the DLQ", CopySent: false));
            _logger.Failed(message.MessageId, false, ex.Message);
            await ReleaseAsync(options.DlqUrl, message, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var move = new ReplayMove(message.MessageId, newId, decision.FailureReason, decision.Next!.ReplayCount, decision.Next.Hops, decision.Forced);
        if (options.AfterSend is { } hook)
        {
            await hook(move, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // Not cancellable: once the copy is out, deleting the original is what keeps the DLQ honest.
            await _sqs.DeleteMessageAsync(options.DlqUrl, message.ReceiptHandle, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AmazonSQSException ex)
        {
            failed.Add(new ReplayFailure(message.MessageId, decision.FailureReason, $"the copy was sent as {newId} but deleting the original failed ({ex.ErrorCode}: {ex.Message}); it stays in the DLQ, and replaying it again makes a duplicate the workflow dedupes", CopySent: true));
            _logger.Failed(message.MessageId, true, ex.Message);
            return;
        }

        moved.Add(move);
        _logger.Moved(message.MessageId, newId, move.ReplayCount, move.Hops);
    }

    private async Task ReleaseAsync(string queueUrl, Message message, CancellationToken cancellationToken)
    {
        try
        {
            await _sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonSQSException)
        {
            // Releasing is a courtesy: if it fails, the message reappears when its visibility timeout ends.
        }
    }
}
