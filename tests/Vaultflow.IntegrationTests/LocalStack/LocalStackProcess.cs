using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Npgsql;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Support;
using Vaultflow.Local.Stack;

namespace Vaultflow.IntegrationTests.LocalStack;

/// <summary>
/// <c>dotnet vaultflow.dll local up</c> as a child process with a temp state dir, a fresh database and free
/// ports. <see cref="StartAsync"/> returns once the ready line is printed and local.json is read.
/// <see cref="DisposeAsync"/> stops it (SIGTERM, then kill) and drops the database.
/// </summary>
public sealed class LocalStackProcess : IAsyncDisposable
{
    public const string ReadyPrefix = "vaultflow local stack ready";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PostgresConfig _postgres;

    private LocalStackProcess(Process process, string stateDirectory, string database, PostgresConfig postgres)
    {
        _process = process;
        StateDirectory = stateDirectory;
        Database = database;
        _postgres = postgres;
    }

    public string StateDirectory { get; }

    public string Database { get; }

    public string DescriptionPath => Path.Combine(StateDirectory, "local.json");

    public LocalStackDescription Description { get; private set; } = null!;

    public Process Process => _process;

    /// <summary>Everything the process printed so far (stdout and stderr, in arrival order per stream).</summary>
    public IReadOnlyCollection<string> Output => _output;

    public static string CliPath { get; } = typeof(LocalStackProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "VaultflowCli").Value!;

    /// <summary>Starts the stack; <paramref name="extraArguments"/> add options (e.g. --ports-from), <paramref name="environment"/> variables.</summary>
    public static async Task<LocalStackProcess> StartAsync(TimeSpan? readyTimeout = null, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArguments)
    {
        var process = Launch(out var stateDirectory, out var database, out var postgres, extraArguments, environment);
        var stack = new LocalStackProcess(process, stateDirectory, database, postgres);
        stack.Pump();
        try
        {
            await stack.WaitReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(90));
            await using var file = File.OpenRead(stack.DescriptionPath);
            stack.Description = await JsonSerializer.DeserializeAsync(file, LocalStackJsonContext.Default.LocalStackDescription)
                ?? throw new InvalidOperationException("local.json is empty");
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs `local up` expecting it to fail; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToFailureAsync(TimeSpan timeout, params string[] extraArguments)
    {
        using var process = Launch(out var stateDirectory, out _, out _, extraArguments, null);
        using var deadline = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        Directory.Delete(stateDirectory, recursive: true);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Sends a POSIX signal (SIGTERM, SIGINT) to the stack process.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The stack's child processes (the Node servers), from /proc.</summary>
    public IReadOnlyList<int> ChildProcessIds() => ProcessTree.ChildrenOf(_process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await SignalAsync("TERM");
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        await DropDatabaseAsync();
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder; leaving it behind is harmless.
        }
    }

    private static Process Launch(out string stateDirectory, out string database, out PostgresConfig postgres, string[] extraArguments, IReadOnlyDictionary<string, string>? environment)
    {
        if (!File.Exists(CliPath))
        {
            throw new InvalidOperationException($"{CliPath} is missing: build src/Vaultflow.Cli (the test project's build does it).");
        }

        postgres = PostgresConfig.Load();
        stateDirectory = Directory.CreateTempSubdirectory("vaultflow-stack-").FullName;
        database = "vaultflow_stack_" + Guid.NewGuid().ToString("N")[..12];
        var arguments = new List<string> { CliPath, "local", "up", "--state-dir", stateDirectory, "--database", database };
        if (!extraArguments.Contains("--ports-from"))
        {
            arguments.AddRange(["--ports-from", "0"]);
        }

        arguments.AddRange(extraArguments);
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot.Path,
        };
        start.Environment["VAULTFLOW_ROOT"] = RepoRoot.Path;
        start.Environment["VAULTFLOW_POSTGRES_CONFIG"] = PostgresConfigPath();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
    }

    private static string PostgresConfigPath()
    {
        var explicitPath = Environment.GetEnvironmentVariable(PostgresConfig.ConfigVariable);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return explicitPath;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".vaultflow", "postgres.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no .vaultflow/postgres.json: run scripts/setup.");
    }

    private void Pump()
    {
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _output.Enqueue(line);
                if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
                {
                    _ready.TrySetResult(line);
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _output.Enqueue(line);
            }
        };
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException("vaultflow local up exited before it was ready"));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        try
        {
            await _ready.Task.WaitAsync(timeout);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            // Let the output handlers flush what the process printed last.
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
            throw new InvalidOperationException($"vaultflow local up was not ready ({e.Message}). Output:\n{string.Join('\n', _output)}", e);
        }
    }

    private async Task DropDatabaseAsync()
    {
        await using var maintenance = NpgsqlDataSource.Create(_postgres.OwnerConnectionString);
        // The name is generated above from hex digits only, so it is safe as an identifier.
        await using var drop = maintenance.CreateCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }
}
