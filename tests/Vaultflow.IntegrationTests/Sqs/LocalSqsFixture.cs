using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Vaultflow.Aws.Sqs;
using Vaultflow.IntegrationTests.Support;

namespace Vaultflow.IntegrationTests.Sqs;

/// <summary>Starts the real local SQS (local/sqs-server.mjs: fauxqs on 127.0.0.1) once for the collection, with a real SDK client.</summary>
public sealed partial class LocalSqsFixture : IAsyncLifetime
{
    private Process? _process;

    public Uri Endpoint { get; private set; } = null!;

    public IAmazonSQS Client { get; private set; } = null!;

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("AKIDVAULTFLOWLOCAL", "vaultflow-local-secret");

    public async Task InitializeAsync()
    {
        var node = RepoRoot.Combine("local", "node_modules", "node", "bin", "node");
        if (!File.Exists(node))
        {
            throw new InvalidOperationException($"Node 22 not found at {node}: run scripts/setup.");
        }

        var start = new ProcessStartInfo(node, [RepoRoot.Combine("local", "sqs-server.mjs"), "--port", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot.Combine("local"),
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException("sqs-server exited: " + await _process.StandardError.ReadToEndAsync(timeout.Token));
        var match = ListeningLine().Match(line);
        if (!match.Success)
        {
            throw new InvalidOperationException("unexpected first line from sqs-server: " + line);
        }

        Endpoint = new Uri(match.Groups[1].Value + "/");
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
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    [GeneratedRegex("listening on (http://127\\.0\\.0\\.1:\\d+)")]
    private static partial Regex ListeningLine();
}

[CollectionDefinition(Name)]
public sealed class LocalSqsCollection : ICollectionFixture<LocalSqsFixture>
{
    public const string Name = "Local SQS";
}
