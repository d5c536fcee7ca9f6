extern alias samples;

using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.IntegrationTests.Support;
using Vaultflow.Lambda.LocalInvoke;
using Vaultflow.Lambda.Logging;
using Vaultflow.Local.EventSourceMapping;
using Vaultflow.Local.Stack;

namespace Vaultflow.IntegrationTests.LocalStack;

/// <summary>
/// The poller in process, against the real local SQS server and the Invoke endpoint hosting the sample
/// functions: SqsBatch reports every record whose body contains "fail"; Fail always throws.
/// </summary>
public sealed class SqsEventSourceMappingTests : IAsyncLifetime
{
    private NodeServer _sqsServer = null!;
    private LocalInvokeServer _invoke = null!;
    private LambdaJsonLoggerProvider _logs = null!;
    private AmazonSQSClient _sqs = null!;

    public async Task InitializeAsync()
    {
        _sqsServer = await NodeServer.StartAsync(
            RepoRoot.Path,
            "sqs-server.mjs",
            0,
            new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1" },
            TimeSpan.FromSeconds(30),
            NullLogger.Instance,
            CancellationToken.None);
        _sqs = new AmazonSQSClient(LocalStackFixture.Credentials, new AmazonSQSConfig { ServiceURL = _sqsServer.Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        _logs = new LambdaJsonLoggerProvider(new LambdaJsonLoggerOptions(Stream.Null, LogLevel.Warning, TimeProvider.System));
        _invoke = await LocalInvokeServer.StartAsync(samples::Vaultflow.Generated.LambdaFunctions.CreateDispatcher(), new LocalInvokeOptions { LoggerProvider = _logs });
    }

    public async Task DisposeAsync()
    {
        await _invoke.DisposeAsync();
        _logs.Dispose();
        _sqs.Dispose();
        await _sqsServer.DisposeAsync();
    }

    [Fact]
    public async Task Poll_BatchItemFailures_DeletesSuccessesAndRedeliversFailuresUntilTheDlq()
    {
        var (queue, queueArn, dlq) = await CreateQueuesAsync("partial");
        var bodies = new[] { "ok-1", "fail-1", "ok-2", "ok-3", "fail-2" };
        foreach (var body in bodies)
        {
            await _sqs.SendMessageAsync(queue, body);
        }

        await using (var mapping = SqsEventSourceMapping.Start(_sqs, Options("SqsBatch", queue, queueArn)))
        {
            var parked = await ReceiveAllAsync(dlq, expected: 2, TimeSpan.FromSeconds(30));

            Assert.Equal(["fail-1", "fail-2"], parked.Select(m => m.Body).Order());
            // Left on the queue and received again until the redrive policy's maxReceiveCount (2), then moved.
            Assert.All(parked, m => Assert.True(int.Parse(m.Attributes["ApproximateReceiveCount"], System.Globalization.CultureInfo.InvariantCulture) >= 2));
            Assert.True(mapping.Batches >= 1);
        }

        // The successes were deleted, not redriven.
        Assert.Equal(0, await CountAsync(queue));
        Assert.Equal(0, await CountAsync(dlq));
    }

    [Fact]
    public async Task Poll_FunctionError_LeavesTheWholeBatchForRedelivery()
    {
        var (queue, queueArn, dlq) = await CreateQueuesAsync("error");
        await _sqs.SendMessageAsync(queue, "a");
        await _sqs.SendMessageAsync(queue, "b");

        await using (SqsEventSourceMapping.Start(_sqs, Options("Fail", queue, queueArn)))
        {
            var parked = await ReceiveAllAsync(dlq, expected: 2, TimeSpan.FromSeconds(30));

            Assert.Equal(["a", "b"], parked.Select(m => m.Body).Order());
        }
    }

    [Fact]
    public async Task Poll_EmptyQueue_StopsPromptlyOnDispose()
    {
        var (queue, queueArn, _) = await CreateQueuesAsync("idle");
        var mapping = SqsEventSourceMapping.Start(_sqs, Options("SqsBatch", queue, queueArn) with { WaitTimeSeconds = 20 });

        var stopping = mapping.DisposeAsync().AsTask();

        await stopping.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, mapping.Batches);
    }

    private SqsEventSourceOptions Options(string function, string queue, string queueArn) => new()
    {
        FunctionName = function,
        QueueUrl = queue,
        QueueArn = queueArn,
        LambdaEndpoint = _invoke.BaseAddress,
        BatchSize = 10,
        BatchingWindow = TimeSpan.FromMilliseconds(300),
        Concurrency = 2,
        WaitTimeSeconds = 1,
    };

    private async Task<(string Queue, string QueueArn, string Dlq)> CreateQueuesAsync(string name)
    {
        var dlq = (await _sqs.CreateQueueAsync(name + "-dlq")).QueueUrl;
        var dlqArn = (await _sqs.GetQueueAttributesAsync(dlq, ["QueueArn"])).Attributes["QueueArn"];
        var queue = (await _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new()
            {
                ["VisibilityTimeout"] = "1",
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":2}""",
            },
        })).QueueUrl;
        var queueArn = (await _sqs.GetQueueAttributesAsync(queue, ["QueueArn"])).Attributes["QueueArn"];
        return (queue, queueArn, dlq);
    }

    private async Task<List<Message>> ReceiveAllAsync(string queue, int expected, TimeSpan timeout)
    {
        var received = new List<Message>();
        var deadline = DateTime.UtcNow + timeout;
        while (received.Count < expected && DateTime.UtcNow < deadline)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queue,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                VisibilityTimeout = 60,
                MessageSystemAttributeNames = ["All"],
            });
            received.AddRange(response.Messages ?? []);
        }

        Assert.True(received.Count == expected, $"expected {expected} messages in {queue} within {timeout}, got {received.Count}");
        foreach (var message in received)
        {
            await _sqs.DeleteMessageAsync(queue, message.ReceiptHandle);
        }

        return received;
    }

    private async Task<int> CountAsync(string queue)
    {
        var attributes = (await _sqs.GetQueueAttributesAsync(queue, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])).Attributes;
        return int.Parse(attributes["ApproximateNumberOfMessages"], System.Globalization.CultureInfo.InvariantCulture)
            + int.Parse(attributes["ApproximateNumberOfMessagesNotVisible"], System.Globalization.CultureInfo.InvariantCulture);
    }
}
