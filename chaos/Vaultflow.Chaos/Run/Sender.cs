using System.Collections.Concurrent;
using Amazon.SQS;
using Amazon.SQS.Model;
using Vaultflow.Chaos.Plan;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Chaos.Run;

/// <summary>A message the queue accepted, with the id SQS gave it (a keyless message's key).</summary>
internal sealed record SentMessage(PlannedMessage Planned, string MessageId);

/// <summary>Sends the plan to the ingest queue like a producer would: a few senders in parallel; only the corpus's attribute kinds carry attributes.</summary>
internal sealed class Sender(IAmazonSQS sqs, string queueUrl)
{
    public ConcurrentBag<(PlannedMessage Message, string Error)> Refused { get; } = [];

    public async Task<IReadOnlyList<SentMessage>> SendAsync(IReadOnlyList<PlannedMessage> messages, Action<int> progress, CancellationToken cancellationToken)
    {
        var sent = new ConcurrentBag<SentMessage>();
        var next = -1;
        var done = 0;
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < messages.Count)
            {
                var message = messages[i];
                try
                {
                    var request = new SendMessageRequest(queueUrl, message.Body);
                    if (message.Attributes.Count > 0)
                    {
                        request.MessageAttributes = message.Attributes.ToDictionary(a => a.Key, a => ToSqs(a.Value), StringComparer.Ordinal);
                    }

                    var response = await sqs.SendMessageAsync(request, cancellationToken);
                    sent.Add(new SentMessage(message, response.MessageId));
                }
                catch (AmazonSQSException e)
                {
                    // SQS itself refuses some bodies (e.g. over its own limits): not sent, counted apart.
                    Refused.Add((message, e.ErrorCode ?? e.Message));
                }

                progress(Interlocked.Increment(ref done));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => WorkerAsync()));
        return [.. sent];
    }

    private static MessageAttributeValue ToSqs(QueueAttribute attribute) => new()
    {
        DataType = attribute.DataType,
        StringValue = attribute.StringValue,
        BinaryValue = attribute.BinaryValue is { } binary ? new MemoryStream(binary) : null,
    };
}
