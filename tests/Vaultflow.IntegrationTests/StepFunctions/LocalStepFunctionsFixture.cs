using System.Net.Http.Json;
using Amazon.Runtime;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.IntegrationTests.Support;

namespace Vaultflow.IntegrationTests.StepFunctions;

/// <summary>Starts the real local Step Functions server (local/sfn-server.mjs on Node 22) once for the collection.</summary>
public sealed class LocalStepFunctionsFixture : IAsyncLifetime
{
    private LocalNodeServer? _server;

    public Uri Endpoint { get; private set; } = null!;

    public StepFunctionsClient Client(int maxAttempts = 4) => new(new StepFunctionsClientOptions(
        "us-east-1",
        Endpoint,
        new BasicAWSCredentials("AKIDLOCAL", "local-secret"),
        maxAttempts));

    /// <summary>The role ARN the local server accepts for CreateStateMachine.</summary>
    public const string Role = "arn:aws:iam::000000000000:role/local";

    /// <summary>A state machine name no other test uses.</summary>
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Polls DescribeExecution until the execution leaves RUNNING (at most 20 s).</summary>
    public static async Task<DescribeExecutionResponse> WaitForEndAsync(StepFunctionsClient client, string arn)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var described = await client.DescribeExecutionAsync(arn, deadline.Token);
            if (described.Status != "RUNNING")
            {
                return described;
            }

            await Task.Delay(25, deadline.Token);
        }
    }

    public async Task InitializeAsync()
    {
        _server = await LocalNodeServer.StartAsync("sfn-server.mjs", new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1" });
        Endpoint = _server.Endpoint;
    }

    public async Task SetFaultsAsync(object faults)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(new Uri(Endpoint, "_vaultflow/sfn/faults"), faults);
        response.EnsureSuccessStatusCode();
    }

    public async Task<int> CallCountAsync(string operation)
    {
        using var http = new HttpClient();
        var doc = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri(Endpoint, "_vaultflow/sfn/faults"));
        return doc.GetProperty("counters").TryGetProperty(operation, out var n) ? n.GetInt32() : 0;
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition("LocalStepFunctions")]
public sealed class LocalStepFunctionsCollection : ICollectionFixture<LocalStepFunctionsFixture>
{
}
