using Amazon.SQS;
using Amazon.SQS.Model;
using Vaultflow.Aws.Sqs;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.IntegrationTests.Sqs;

[Collection(LocalSqsCollection.Name)]
public sealed class SqsDeadLetterQueueTests(LocalSqsFixture sqs)
{
    [Fact]
    public async Task SendAsync_BodyAndAttributes_ArriveOnTheQueueUnchanged()
    {
        var url = await sqs.CreateQueueAsync("dlq");
        var dlq = new SqsDeadLetterQueue(sqs.Client, url);
        const string body = """{"type":"t","data":{"name":"Zoë ✓"}}""";
        var attributes = new Dictionary<string, QueueAttribute>
        {
            ["vf-failure"] = QueueAttribute.String("too-deep"),
            ["vf-hops"] = QueueAttribute.String("1"),
            ["priority"] = new("Number", "7"),
            ["blob"] = new("Binary", null, [1, 2, 3]),
        };

        var id = await dlq.SendAsync(new DeadLetterMessage(body, attributes), CancellationToken.None);

        var message = Assert.Single(await sqs.ReceiveAsync(url, 1));
        Assert.Equal(id, message.MessageId);
        Assert.Equal(body, message.Body);
        Assert.Equal("too-deep", message.MessageAttributes["vf-failure"].StringValue);
        Assert.Equal("1", message.MessageAttributes["vf-hops"].StringValue);
        Assert.Equal("Number", message.MessageAttributes["priority"].DataType);
        Assert.Equal("7", message.MessageAttributes["priority"].StringValue);
        Assert.Equal([1, 2, 3], message.MessageAttributes["blob"].BinaryValue.ToArray());
    }

    [Fact]
    public async Task SendAsync_EndpointUnreachable_TransientException()
    {
        // A port that was free a moment ago: nothing listens there.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = SqsClientFactory.Create(
            new SqsClientOptions("us-east-1", new Uri($"http://127.0.0.1:{port}/")) { MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(5) },
            LocalSqsFixture.Credentials);
        var dlq = new SqsDeadLetterQueue(client, $"http://127.0.0.1:{port}/000000000000/dlq");

        var error = await Assert.ThrowsAsync<TransientException>(() => dlq.SendAsync(new DeadLetterMessage("{}", new Dictionary<string, QueueAttribute>()), CancellationToken.None));

        Assert.Contains("DLQ", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task SendAsync_QueueDoesNotExist_QueueRefusalSayingWhatToDo()
    {
        var url = new Uri(sqs.Endpoint, "000000000000/no-such-queue-" + Guid.NewGuid().ToString("N")[..8]).ToString();
        var dlq = new SqsDeadLetterQueue(sqs.Client, url);

        var error = await Assert.ThrowsAsync<DeadLetterRefusedException>(() => dlq.SendAsync(new DeadLetterMessage("{}", new Dictionary<string, QueueAttribute>()), CancellationToken.None));

        Assert.Equal(DeadLetterRefusal.Queue, error.Refusal);
        Assert.False(error.IsRetryable);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Contains("VAULTFLOW_DLQ_URL", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<AmazonSQSException>(error.InnerException);
    }

    [Fact]
    public async Task SendAsync_BodyWithACharacterSqsRefuses_ContentRefusal()
    {
        var dlq = new SqsDeadLetterQueue(sqs.Client, await sqs.CreateQueueAsync("dlq"));

        var error = await Assert.ThrowsAsync<DeadLetterRefusedException>(() => dlq.SendAsync(new DeadLetterMessage("{\"k\":\"\uffff\"}", new Dictionary<string, QueueAttribute>()), CancellationToken.None));

        Assert.Equal(DeadLetterRefusal.Content, error.Refusal);
        Assert.Equal("InvalidMessageContents", error.ErrorCode);
        Assert.DoesNotContain("\uffff", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_BodyPlusAttributesOverTheQueueLimit_ContentRefusal()
    {
        var url = (await sqs.Client.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "dlq-small-" + Guid.NewGuid().ToString("N")[..8],
            Attributes = new Dictionary<string, string> { ["MaximumMessageSize"] = "1024" },
        })).QueueUrl;
        var dlq = new SqsDeadLetterQueue(sqs.Client, url);
        var attributes = new Dictionary<string, QueueAttribute> { ["vf-failure-detail"] = QueueAttribute.String(new string('d', 100)) };

        var error = await Assert.ThrowsAsync<DeadLetterRefusedException>(() => dlq.SendAsync(new DeadLetterMessage(new string('b', 950), attributes), CancellationToken.None));

        Assert.Equal(DeadLetterRefusal.Content, error.Refusal);
        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Contains("MaximumMessageSize", error.Message, StringComparison.Ordinal);
    }
}
