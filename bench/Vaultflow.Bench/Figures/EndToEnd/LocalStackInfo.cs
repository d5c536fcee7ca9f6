using System.Text.Json;

namespace Vaultflow.Bench.Figures.EndToEnd;

/// <summary>What the end-to-end figures need from a running local stack's &lt;state-dir&gt;/local.json (written by `vaultflow local up`).</summary>
internal sealed record LocalStackInfo(string Region, Uri SqsEndpoint, Uri SfnEndpoint, Uri LambdaEndpoint, string IngestQueueUrl, string StateMachineArn, string Postgres)
{
    /// <summary>The stack's description, or null with the reason it cannot be used.</summary>
    public static (LocalStackInfo? Info, string? Reason) TryLoad(string? stateDirectory, string repoRoot)
    {
        var directory = stateDirectory ?? Path.Combine(repoRoot, ".vaultflow");
        var path = Path.Combine(directory, "local.json");
        if (!File.Exists(path))
        {
            return (null, $"not measured: local stack not available (no {path}; start it with `vaultflow local up`, or pass --local-state <dir>).");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            string Read(string name) => root.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
                ? text
                : throw new InvalidDataException($"{path} has no '{name}'.");
            return (new LocalStackInfo(
                Read("region"),
                new Uri(Read("sqsEndpoint")),
                new Uri(Read("sfnEndpoint")),
                new Uri(Read("lambdaEndpoint")),
                Read("ingestQueueUrl"),
                Read("stateMachineArn"),
                Read("postgres")), null);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or UriFormatException or InvalidOperationException)
        {
            return (null, $"not measured: local stack not available ({path} is unreadable: {e.Message}).");
        }
    }
}
