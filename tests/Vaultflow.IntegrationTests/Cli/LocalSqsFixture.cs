using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Vaultflow.IntegrationTests.Support;

namespace Vaultflow.IntegrationTests.Cli;

/// <summary>Starts the real local SQS (local/sqs-server.mjs: fauxqs on 127.0.0.1) once for the collection.</summary>
public sealed class LocalSqsFixture : IAsyncLifetime
{
    private LocalNodeServer? _server;

    public Uri Endpoint { get; private set; } = null!;

    public IAmazonSQS Client() => new AmazonSQSClient(
        new BasicAWSCredentials("AKIDLOCAL", "local-secret"),
        new AmazonSQSConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    /// <summary>A fresh queue with a unique name; returns its URL.</summary>
    public async Task<string> CreateQueueAsync(string prefix)
    {
        using var sqs = Client();
        var response = await sqs.CreateQueueAsync(new CreateQueueRequest(prefix + "-" + Guid.NewGuid().ToString("N")[..10]));
        return response.QueueUrl;
    }

    /// <summary>Every message now in the queue (received and left hidden for 60 s, so each is counted once).</summary>
    public async Task<List<Message>> DrainAsync(string queueUrl, int expectedAtLeast = 0)
    {
        using var sqs = Client();
        var found = new Dictionary<string, Message>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var idle = 0;
        while (idle < 2 || found.Count < expectedAtLeast)
        {
            if (DateTime.UtcNow > deadline)
            {
                break;
            }

            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                VisibilityTimeout = 60,
                WaitTimeSeconds = 0,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["All"],
            });
            var before = found.Count;
            foreach (var m in response.Messages ?? [])
            {
                found.TryAdd(m.MessageId, m);
            }

            idle = found.Count == before ? idle + 1 : 0;
        }

        return [.. found.Values];
    }

    public async Task<int> ApproximateCountAsync(string queueUrl)
    {
        using var sqs = Client();
        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    public async Task InitializeAsync()
    {
        _server = await LocalNodeServer.StartAsync("sqs-server.mjs");
        Endpoint = _server.Endpoint;
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        return Task.CompletedTask;
    }

}
