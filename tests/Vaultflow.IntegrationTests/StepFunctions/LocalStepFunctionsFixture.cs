using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.IntegrationTests.Support;

namespace Vaultflow.IntegrationTests.StepFunctions;

/// <summary>Starts the real local Step Functions server (local/sfn-server.mjs on Node 22) once for the collection.</summary>
public sealed partial class LocalStepFunctionsFixture : IAsyncLifetime
{
    private Process? _process;

    public Uri Endpoint { get; private set; } = null!;

    public StepFunctionsClient Client(int maxAttempts = 4) => new(new StepFunctionsClientOptions(
        "us-east-1",
        Endpoint,
        new BasicAWSCredentials("AKIDLOCAL", "local-secret"),
        maxAttempts));

    public async Task InitializeAsync()
    {
        var node = RepoRoot.Combine("local", "node_modules", "node", "bin", "node");
        if (!File.Exists(node))
        {
            throw new InvalidOperationException($"Node 22 not found at {node}: run scripts/setup.");
        }

        var start = new ProcessStartInfo(node, [RepoRoot.Combine("local", "sfn-server.mjs"), "--port", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AWS_REGION"] = "us-east-1";
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException("sfn-server exited: " + await _process.StandardError.ReadToEndAsync(timeout.Token));
        var match = ListeningLine().Match(line);
        if (!match.Success)
        {
            throw new InvalidOperationException("unexpected first line from sfn-server: " + line);
        }

        Endpoint = new Uri(match.Groups[1].Value + "/");
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

[CollectionDefinition("LocalStepFunctions")]
public sealed class LocalStepFunctionsCollection : ICollectionFixture<LocalStepFunctionsFixture>
{
}
