using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Vaultflow.Aws.Sqs;
using Vaultflow.IntegrationTests.Support;

namespace Vaultflow.IntegrationTests.Sqs;

/// <summary>
/// Starts the real local SQS (local/sqs-server.mjs: fauxqs on 127.0.0.1) once per collection that names it
/// (Local SQS, Workflow, Cli), with one real SDK client the tests share and must not dispose.
/// </summary>
public sealed class LocalSqsFixture : IAsyncLifetime
{
    private LocalNodeServer? _server;

    public Uri Endpoint { get; private set; } = null!;

    public IAmazonSQS Client { get; private set; } = null!;

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("AKIDVAULTFLOWLOCAL", "vaultflow-local-secret");

    public async Task InitializeAsync()
    {
        _server = await LocalNodeServer.StartAsync("sqs-server.mjs");
        Endpoint = _server.Endpoint;
        Client = SqsClientFactory.Create(new SqsClientOptions("us-east-1", Endpoint), Credentials);
    }

    /// <summary>Creates a queue with a unique name and returns its URL.</summary>
    public async Task<string> CreateQueueAsync(string prefix)
    {
        var response = await Client.CreateQueueAsync(new CreateQueueRequest { QueueName = prefix + "-" + Guid.NewGuid().ToString("N")[..12] });
        return response.QueueUrl;
    }

    /// <summary>Receives until <paramref name="count"/> messages arrived (deleting them) or the deadline passes.</summary>
    public async Task<List<Message>> ReceiveAsync(string queueUrl, int count, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        var messages = new List<Message>();
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            var response = await Client.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["All"],
            });
            foreach (var message in response.Messages ?? [])
            {
                messages.Add(message);
                await Client.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
            }
        }

        return messages;
    }

    /// <summary>Every message now in the queue (received and left hidden for 60 s, so each is counted once; none deleted).</summary>
    public async Task<List<Message>> DrainAsync(string queueUrl, int expectedAtLeast = 0)
    {
        var found = new Dictionary<string, Message>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var idle = 0;
        while ((idle < 2 || found.Count < expectedAtLeast) && DateTime.UtcNow <= deadline)
        {
            var response = await Client.ReceiveMessageAsync(new ReceiveMessageRequest
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

    /// <summary>Visible plus in-flight messages.</summary>
    public async Task<int> ApproximateCountAsync(string queueUrl)
    {
        var attributes = await Client.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        _server?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class LocalSqsCollection : ICollectionFixture<LocalSqsFixture>
{
    public const string Name = "Local SQS";
}
