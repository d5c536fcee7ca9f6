using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Vaultflow.Local.Stack;

/// <summary>A queue the stack created.</summary>
internal sealed record LocalQueue(string Url, string Arn);

/// <summary>The ingest queue and its dead-letter queue, and how template references (<c>@IngestQueue</c>) map to them.</summary>
internal sealed record LocalQueues(LocalQueue Ingest, LocalQueue DeadLetter)
{
    public string IngestUrl => Ingest.Url;

    public string DeadLetterUrl => DeadLetter.Url;

    /// <summary>The queue an <c>[SqsEvent]</c> names: <c>@LogicalId</c> from the template, a queue name, or a URL/ARN ending in one.</summary>
    public LocalQueue? Resolve(string reference)
    {
        var name = reference.TrimStart('@');
        name = name[(name.LastIndexOfAny([':', '/']) + 1)..];
        return name switch
        {
            StackTemplate.IngestQueue or LocalStack.IngestQueueName => Ingest,
            // A DLQ is never an event source: consuming it would re-ingest every failure.
            _ => null,
        };
    }
}

internal static class QueueProvisioner
{
    public static async Task<LocalQueues> CreateAsync(IAmazonSQS sqs, Uri endpoint, string region, int maxReceiveCount, int visibilityTimeoutSeconds, CancellationToken cancellationToken)
    {
        var dlq = await CreateQueueAsync(sqs, endpoint, LocalStack.DeadLetterQueueName, new Dictionary<string, string>
        {
            ["MessageRetentionPeriod"] = "1209600",
        }, region, cancellationToken).ConfigureAwait(false);
        var ingest = await CreateQueueAsync(sqs, endpoint, LocalStack.IngestQueueName, new Dictionary<string, string>
        {
            ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlq.Arn}}","maxReceiveCount":{{maxReceiveCount}}}""",
        }, region, cancellationToken).ConfigureAwait(false);
        return new LocalQueues(ingest, dlq);
    }

    private static async Task<LocalQueue> CreateQueueAsync(IAmazonSQS sqs, Uri endpoint, string name, Dictionary<string, string> attributes, string region, CancellationToken cancellationToken)
    {
        var created = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes }, cancellationToken).ConfigureAwait(false);
        // fauxqs names its host sqs.<region>.localhost, which not every resolver knows: publish the loopback form.
        var url = new Uri(endpoint, new Uri(created.QueueUrl).AbsolutePath.TrimStart('/')).ToString();
        var described = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["QueueArn"] }, cancellationToken).ConfigureAwait(false);
        var arn = described.Attributes is { } a && a.TryGetValue("QueueArn", out var value) ? value : $"arn:aws:sqs:{region}:{LocalStack.AccountId}:{name}";
        return new LocalQueue(url, arn);
    }
}
