using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Vaultflow.Aws.Sqs;
using Vaultflow.IntegrationTests.Support;

namespace Vaultflow.IntegrationTests.Sqs;

/// <summary>Starts the real local SQS (local/sqs-server.mjs: fauxqs on 127.0.0.1) once for the collection, with a real SDK client.</summary>
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
