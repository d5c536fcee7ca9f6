using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Vaultflow.Core.Routing;

namespace Vaultflow.Aws.Replay;

/// <summary>One DLQ message as the inspector saw it (no body).</summary>
/// <param name="BodyEncoding">vf-body-encoding when the body was parked in a reduced form (json-string, gzip-base64); null for the original body.</param>
public sealed record DlqEntry(string MessageId, string Reason, string? Detail, string? ReplayCount, string? Hops, string? OriginId, DateTimeOffset? SentAt, int ReceiveCount, string? BodyEncoding = null);

/// <summary>What a scan found. <see cref="Partial"/>: the scan stopped before seeing every message.</summary>
public sealed record DlqSummary(int ApproximateTotal, IReadOnlyList<DlqEntry> Messages, bool Partial)
{
    /// <summary>Counts by vf-failure, most frequent first.</summary>
    public IReadOnlyList<(string Reason, int Count)> ByReason =>
        [.. Messages.GroupBy(m => m.Reason, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal)];
}

/// <summary>
/// Looks at the DLQ without consuming it: receives with VisibilityTimeout 0, so every message stays
/// visible and in place, and de-duplicates by message id. Bounded: at most <c>maxReceives</c> receives.
/// Each look raises the message's ApproximateReceiveCount, which nothing in Vaultflow acts on for the DLQ.
/// </summary>
public sealed class DlqInspector(IAmazonSQS sqs)
{
    public async Task<DlqSummary> ScanAsync(string dlqUrl, int maxReceives = 25, int maxIdleReceives = 3, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dlqUrl);
        var attributes = await sqs.GetQueueAttributesAsync(dlqUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], cancellationToken).ConfigureAwait(false);
        // In-flight messages count too: they are in the DLQ, just hidden (being replayed, or just looked at).
        var total = attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
        var entries = new Dictionary<string, DlqEntry>(StringComparer.Ordinal);
        var idle = 0;
        var receives = 0;
        while (entries.Count < total && idle < maxIdleReceives && receives < maxReceives)
        {
            receives++;
            var response = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = dlqUrl,
                    MaxNumberOfMessages = 10,
                    VisibilityTimeout = 0,
                    WaitTimeSeconds = 0,
                    MessageAttributeNames = ["All"],
                    MessageSystemAttributeNames = ["All"],
                },
                cancellationToken).ConfigureAwait(false);
            var before = entries.Count;
            foreach (var message in response.Messages ?? [])
            {
                entries.TryAdd(message.MessageId, ToEntry(message));
            }

            idle = entries.Count > before ? 0 : idle + 1;
        }

        return new DlqSummary(total, [.. entries.Values], entries.Count < total);
    }

    private static DlqEntry ToEntry(Message message)
    {
        string? Attr(string name) => message.MessageAttributes is { } a && a.TryGetValue(name, out var v) ? v.StringValue : null;
        string? Sys(string name) => message.Attributes is { } a && a.TryGetValue(name, out var v) ? v : null;
        DateTimeOffset? sent = long.TryParse(Sys("SentTimestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        var receiveCount = int.TryParse(Sys("ApproximateReceiveCount"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new DlqEntry(
            message.MessageId,
            Attr(MessageAttributeNames.Failure) ?? ReplayPlanner.UnknownReason,
            Attr(MessageAttributeNames.FailureDetail),
            Attr(MessageAttributeNames.ReplayCount),
            Attr(MessageAttributeNames.Hops),
            Attr(MessageAttributeNames.OriginId),
            sent,
            receiveCount,
            Attr(MessageAttributeNames.BodyEncoding));
    }
}
