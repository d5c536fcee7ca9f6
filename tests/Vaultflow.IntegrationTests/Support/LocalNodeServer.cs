using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Vaultflow.IntegrationTests.Support;

/// <summary>
/// One of the project's Node servers in local/ (sqs-server.mjs, sfn-server.mjs) on Node 22, started on a
/// free 127.0.0.1 port; ready when it prints its "listening on http://127.0.0.1:PORT" line.
/// </summary>
internal sealed partial class LocalNodeServer : IDisposable
{
    private readonly Process _process;

    private LocalNodeServer(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<LocalNodeServer> StartAsync(string script, IReadOnlyDictionary<string, string>? environment = null)
    {
        var node = RepoRoot.Combine("local", "node_modules", "node", "bin", "node");
        if (!File.Exists(node))
        {
            throw new InvalidOperationException($"Node 22 not found at {node}: run scripts/setup.");
        }

        var start = new ProcessStartInfo(node, [RepoRoot.Combine("local", script), "--port", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot.Combine("local"),
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException($"{script} exited: " + await process.StandardError.ReadToEndAsync(timeout.Token));
        var match = ListeningLine().Match(line);
        if (!match.Success)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"unexpected first line from {script}: " + line);
        }

        return new LocalNodeServer(process, new Uri(match.Groups[1].Value + "/"));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    [GeneratedRegex("listening on (http://127\\.0\\.0\\.1:\\d+)")]
    private static partial Regex ListeningLine();
}
