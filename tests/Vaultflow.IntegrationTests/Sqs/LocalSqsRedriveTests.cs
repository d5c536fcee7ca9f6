using System.Globalization;
using Amazon.SQS.Model;

namespace Vaultflow.IntegrationTests.Sqs;

/// <summary>
/// The local SQS redrives as AWS does: with maxReceiveCount N a message is delivered N times (its
/// ApproximateReceiveCount reaching N) and the receive after that moves it to the dead-letter queue.
/// </summary>
[Collection(LocalSqsCollection.Name)]
public sealed class LocalSqsRedriveTests(LocalSqsFixture sqs)
{
    /// <summary>How a received, undeleted message becomes visible again.</summary>
    public enum Release
    {
        /// <summary>ReceiveMessage with VisibilityTimeout 0.</summary>
        VisibleAtOnce,

        /// <summary>ChangeMessageVisibility 0 after the receive (what a consumer giving a message back does).</summary>
        ChangeVisibilityZero,

        /// <summary>A 1 s visibility timeout runs out (what a failing Lambda batch does).</summary>
        TimeoutExpires,
    }

    [Theory]
    [InlineData(1, Release.VisibleAtOnce)]
    [InlineData(3, Release.VisibleAtOnce)]
    [InlineData(3, Release.ChangeVisibilityZero)]
    [InlineData(2, Release.TimeoutExpires)]
    public async Task ReceiveMessage_NeverDeleted_DeliveredMaxReceiveCountTimesThenMovedToTheDlq(int maxReceiveCount, Release release)
    {
        var (queue, dlq) = await CreateRedrivenQueueAsync(maxReceiveCount);
        var sent = await sqs.Client.SendMessageAsync(queue, "redrive-me");

        var receiveCounts = new List<int>();
        Message? parked = null;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (parked is null && DateTime.UtcNow < deadline && receiveCounts.Count <= maxReceiveCount + 1)
        {
            var response = await sqs.Client.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queue,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 0,
                VisibilityTimeout = release switch
                {
                    Release.VisibleAtOnce => 0,
                    Release.TimeoutExpires => 1,
                    _ => 60,
                },
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            });
            foreach (var message in response.Messages ?? [])
            {
                Assert.Equal(sent.MessageId, message.MessageId);
                receiveCounts.Add(int.Parse(message.Attributes["ApproximateReceiveCount"], CultureInfo.InvariantCulture));
                if (release == Release.ChangeVisibilityZero)
                {
                    await sqs.Client.ChangeMessageVisibilityAsync(queue, message.ReceiptHandle, 0);
                }
            }

            // Empty while the message is hidden, and on the receive that moves it.
            if (response.Messages is not { Count: > 0 })
            {
                parked = (await sqs.ReceiveAsync(dlq, 1, TimeSpan.FromSeconds(1))).SingleOrDefault();
            }
        }

        Assert.Equal(Enumerable.Range(1, maxReceiveCount), receiveCounts);
        Assert.NotNull(parked);
        Assert.Equal(sent.MessageId, parked.MessageId);
        Assert.Equal("redrive-me", parked.Body);
        Assert.Equal(0, await sqs.ApproximateCountAsync(queue));
    }

    private async Task<(string Queue, string Dlq)> CreateRedrivenQueueAsync(int maxReceiveCount)
    {
        var dlq = await sqs.CreateQueueAsync("redrive-dlq");
        var dlqArn = (await sqs.Client.GetQueueAttributesAsync(dlq, ["QueueArn"])).QueueARN;
        var queue = await sqs.Client.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "redrive-" + Guid.NewGuid().ToString("N")[..12],
            Attributes = new()
            {
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":{{maxReceiveCount}}}""",
            },
        });
        return (queue.QueueUrl, dlq);
    }
}
