using Amazon.SQS;
using Amazon.SQS.Model;
using Vaultflow.Core.Routing;

namespace Vaultflow.Chaos.Figures;

/// <summary>A message found in the DLQ at the end.</summary>
internal sealed record DlqEntry(string MessageId, string Body, string Reason, string? OriginId, string? Detail = null);

/// <summary>Reads the whole DLQ (each message hidden for the rest of the run, so none is counted twice).</summary>
internal static class DlqSnapshot
{
    public const string NoReason = "sqs-redrive (no vf-failure)";

    /// <summary>Reads the whole DLQ and makes every message visible again (for the replay storm that follows).</summary>
    public static async Task<IReadOnlyList<DlqEntry>> PeekAsync(IAmazonSQS sqs, string dlqUrl, CancellationToken cancellationToken)
    {
        var receipts = new List<string>();
        var entries = await ReadAsync(sqs, dlqUrl, cancellationToken, receipts);
        foreach (var receipt in receipts)
        {
            await sqs.ChangeMessageVisibilityAsync(dlqUrl, receipt, 0, cancellationToken);
        }

        return entries;
    }

    public static async Task<IReadOnlyList<DlqEntry>> ReadAsync(IAmazonSQS sqs, string dlqUrl, CancellationToken cancellationToken, List<string>? receipts = null)
    {
        var entries = new Dictionary<string, DlqEntry>(StringComparer.Ordinal);
        var empty = 0;
        for (var receives = 0; empty < 3 && receives < 5000; receives++)
        {
            var response = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = dlqUrl,
                    MaxNumberOfMessages = 10,
                    VisibilityTimeout = 900,
                    WaitTimeSeconds = 1,
                    MessageAttributeNames = ["All"],
                    MessageSystemAttributeNames = ["All"],
                },
                cancellationToken);
            var messages = response.Messages ?? [];
            empty = messages.Count == 0 ? empty + 1 : 0;
            foreach (var message in messages)
            {
                receipts?.Add(message.ReceiptHandle);
                var attributes = message.MessageAttributes ?? [];
                var reason = attributes.TryGetValue(MessageAttributeNames.Failure, out var failure) ? failure.StringValue ?? NoReason : NoReason;
                var origin = attributes.TryGetValue(MessageAttributeNames.OriginId, out var originId) ? originId.StringValue : null;
                var detail = attributes.TryGetValue(MessageAttributeNames.FailureDetail, out var failureDetail) ? failureDetail.StringValue : null;
                entries[message.MessageId] = new DlqEntry(message.MessageId, message.Body ?? string.Empty, reason, origin, detail);
            }
        }

        return [.. entries.Values];
    }
}
