using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Vaultflow.Local.Stack;

/// <summary>
/// One of the Node servers in local/ as a child process: started, awaited until it prints its
/// "listening on http://127.0.0.1:PORT" line, and killed (with its tree) on dispose.
/// </summary>
internal sealed partial class NodeServer : IAsyncDisposable
{
    // Preloaded into the child: it exits when our end of its stdin closes, so even a parent killed
    // with SIGKILL leaves no orphan behind.
    private const string ExitWithParent = "data:text/javascript,process.stdin.on('end',()=>process.exit(0));process.stdin.resume();";

    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _stderr;
    private volatile bool _stopping;

    private NodeServer(string name, Process process, Uri endpoint, ILogger logger, System.Collections.Concurrent.ConcurrentQueue<string> stderr)
    {
        _name = name;
        _process = process;
        Endpoint = endpoint;
        _logger = logger;
        _stderr = stderr;
        Exited = WatchAsync();
    }

    public Uri Endpoint { get; }

    /// <summary>Completes with a description when the child exits on its own (never when it is being stopped).</summary>
    public Task<string> Exited { get; }

    public int ProcessId => _process.Id;

    public static async Task<NodeServer> StartAsync(
        string repoRoot, string script, int port, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var node = Path.Combine(repoRoot, "local", "node_modules", "node", "bin", "node");
        if (!File.Exists(node))
        {
            throw new LocalStackException($"Node 22 is not installed at {node}: run scripts/setup (it installs local/node_modules).");
        }

        var start = new ProcessStartInfo(node, ["--no-warnings", "--import", ExitWithParent, Path.Combine(repoRoot, "local", script), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(repoRoot, "local"),
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new LocalStackException($"could not start {node} {script}.");
        var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                stderr.Enqueue(line);
                while (stderr.Count > 20)
                {
                    stderr.TryDequeue(out string? _);
                }

                StackLog.ChildOutput(logger, script, line);
            }
        };
        process.BeginErrorReadLine();

        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            string? line;
            try
            {
                line = await process.StandardOutput.ReadLineAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new LocalStackException($"{script} did not report ready within {timeout.TotalSeconds:0} s. Its errors: {string.Join(" | ", stderr)}");
            }

            var match = line is null ? Match.Empty : ListeningLine().Match(line);
            if (!match.Success)
            {
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
                var hint = string.Join(" | ", stderr).Contains("EADDRINUSE", StringComparison.Ordinal)
                    ? $"port {port} is in use: stop the other stack or pass --ports-from"
                    : "run scripts/setup if local/node_modules is incomplete";
                throw new LocalStackException($"{script} exited before it was ready ({hint}). Output: {line} {string.Join(" | ", stderr)}");
            }

            _ = DrainAsync(process, script, logger);
            return new NodeServer(script, process, new Uri(match.Groups[1].Value + "/"), logger, stderr);
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        // Closing its stdin asks the child to exit (the preloaded hook); a kill follows if it does not.
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            Kill(_process);
            try
            {
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                StackLog.ChildDidNotExit(_logger, _name, _process.Id);
            }
        }

        _process.Dispose();
    }

    private async Task<string> WatchAsync()
    {
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        if (_stopping)
        {
            // Never completes: stopping is not a failure.
            await Task.Delay(Timeout.Infinite, CancellationToken.None).ConfigureAwait(false);
        }

        return $"{_name} (pid {_process.Id}) exited on its own with code {_process.ExitCode}. Its last errors: {string.Join(" | ", _stderr)}";
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task DrainAsync(Process process, string script, ILogger logger)
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                StackLog.ChildOutput(logger, script, line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The child is being killed.
        }
    }

    [GeneratedRegex("listening on (http://127\\.0\\.0\\.1:\\d+)")]
    private static partial Regex ListeningLine();
}
