using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Cli.Configuration;
using Vaultflow.Cli.Local;
using Vaultflow.Core.Configuration;

namespace Vaultflow.Cli.Commands.Demo;

/// <summary>
/// The stack the demo talks to: the running one (local.json whose process is alive), or one this demo starts
/// as a child process (<c>vaultflow local up</c>, output in &lt;state-dir&gt;/local-up.log) and stops at the end
/// unless asked to keep it running.
/// </summary>
internal sealed class DemoStack : IAsyncDisposable
{
    public const string LogFileName = "local-up.log";
    private readonly Process? _child;
    private readonly bool _keepRunning;

    private DemoStack(StackConfiguration configuration, Process? child, bool keepRunning, string stateDirectory)
    {
        Configuration = configuration;
        _child = child;
        _keepRunning = keepRunning;
        StateDirectory = stateDirectory;
    }

    public StackConfiguration Configuration { get; }

    public string StateDirectory { get; }

    /// <summary>True when this demo started the stack.</summary>
    public bool Started => _child is not null;

    /// <summary>The `local up` process this demo started, or null.</summary>
    public int? ProcessId => _child?.Id;

    public static async Task<DemoStack> OpenAsync(CliHost host, bool keepRunning, TimeSpan readyTimeout, DemoLaunch launch, CommandOutput output, CancellationToken cancellationToken)
    {
        var stateDirectory = StackResolver.FindStateDirectory(host) ?? Path.Combine(RepoLocator.Find(), StackVariables.StateDirName);
        var localFile = Path.Combine(stateDirectory, LocalStackFile.FileName);
        if (IsLive(localFile))
        {
            output.Error.WriteLine($"using the running local stack ({localFile})");
            return new DemoStack(Resolve(host, stateDirectory), null, keepRunning, stateDirectory);
        }

        Directory.CreateDirectory(stateDirectory);
        var log = Path.Combine(stateDirectory, LogFileName);
        output.Error.WriteLine($"starting the local stack (vaultflow local up --state-dir {stateDirectory}; its output: {log})");
        var child = Launch(stateDirectory, log, launch);
        try
        {
            await WaitReadyAsync(child, log, readyTimeout, cancellationToken).ConfigureAwait(false);
            return new DemoStack(Resolve(host, stateDirectory), child, keepRunning, stateDirectory);
        }
        catch
        {
            await StopAsync(child).ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_child is null)
        {
            return;
        }

        if (_keepRunning && !_child.HasExited)
        {
            _child.Dispose();
            return;
        }

        await StopAsync(_child).ConfigureAwait(false);
    }

    private static async Task StopAsync(Process child)
    {
        if (!child.HasExited)
        {
            // SIGTERM lets `local up` stop its Node servers; Kill() alone would orphan them.
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-s", "TERM", child.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                if (kill is not null)
                {
                    await kill.WaitForExitAsync().ConfigureAwait(false);
                }
            }

            try
            {
                await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                child.Kill(entireProcessTree: true);
            }
        }

        child.Dispose();
    }

    /// <summary>local.json exists and names a process that is still running.</summary>
    private static bool IsLive(string localFile)
    {
        if (!File.Exists(localFile))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(localFile));
            if (!document.RootElement.TryGetProperty("pid", out var pid) || !pid.TryGetInt32(out var id))
            {
                return false;
            }

            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is JsonException or IOException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static Process Launch(string stateDirectory, string log, DemoLaunch launch)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "vaultflow.dll");
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        // Through sh so the stack's output goes to a file: a pipe to this process would break once the demo exits (--keep-running).
        var start = new ProcessStartInfo("/bin/sh", ["-c", "exec \"$@\" >\"$VAULTFLOW_DEMO_LOG\" 2>&1", "sh", dotnet, dll, "local", "up", "--state-dir", stateDirectory])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        if (launch.PortsFrom is { } ports)
        {
            start.ArgumentList.Add("--ports-from");
            start.ArgumentList.Add(ports.ToString(CultureInfo.InvariantCulture));
        }

        if (launch.Database is { } database)
        {
            start.ArgumentList.Add("--database");
            start.ArgumentList.Add(database);
        }

        start.Environment["VAULTFLOW_DEMO_LOG"] = log;
        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet for `vaultflow local up`");
    }

    private static async Task WaitReadyAsync(Process child, string log, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var text = File.Exists(log) ? await ReadShared(log, cancellationToken).ConfigureAwait(false) : string.Empty;
            if (text.Contains(LocalUpRunner.ReadyPrefix, StringComparison.Ordinal))
            {
                return;
            }

            if (child.HasExited || DateTimeOffset.UtcNow > deadline)
            {
                var tail = string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
                throw new DemoFailedException(child.HasExited
                    ? $"the local stack exited with code {child.ExitCode} before it was ready ({tail}): see {log}, fix the cause (ports in use? run scripts/setup?) and run the demo again"
                    : $"the local stack was not ready within {timeout.TotalSeconds:0} s: see {log}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> ReadShared(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    private static StackConfiguration Resolve(CliHost host, string stateDirectory) =>
        StackResolver.Resolve(host with { Environment = new StateDirOverride(host.Environment, stateDirectory) });

    /// <summary>The process environment with VAULTFLOW_STATE_DIR pinned to the demo's state directory.</summary>
    private sealed class StateDirOverride(IEnvironmentVariables inner, string stateDirectory) : IEnvironmentVariables
    {
        public string? Get(string name) => name == StackVariables.StateDir ? stateDirectory : inner.Get(name);
    }
}

/// <summary>How the demo starts a stack when none is running (null: `local up`'s defaults).</summary>
internal sealed record DemoLaunch(int? PortsFrom, string? Database);

/// <summary>The demo could not run or its outcomes do not match the samples' expectations (exit code 1).</summary>
internal sealed class DemoFailedException(string message) : Exception(message);
