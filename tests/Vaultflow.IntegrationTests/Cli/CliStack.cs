using System.Diagnostics;
using System.Text.Json;
using Vaultflow.Cli;
using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Configuration;
using Vaultflow.IntegrationTests.Sqs;

namespace Vaultflow.IntegrationTests.Cli;

/// <summary>What one CLI run printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Out, string Err);

/// <summary>
/// A private state directory with a local.json naming fresh queues, and two ways to run the CLI
/// against it: in-process through Program.RunAsync, or as a real process (dotnet vaultflow.dll).
/// </summary>
public sealed class CliStack : IDisposable
{
    private CliStack(string stateDir, string ingestQueueUrl, string dlqUrl)
    {
        StateDir = stateDir;
        IngestQueueUrl = ingestQueueUrl;
        DlqUrl = dlqUrl;
    }

    public string StateDir { get; }

    public string IngestQueueUrl { get; }

    public string DlqUrl { get; }

    public static async Task<CliStack> CreateAsync(LocalSqsFixture sqs, Uri? sfnEndpoint = null, string? stateMachineArn = null, Dictionary<string, string>? extra = null)
    {
        var ingest = await sqs.CreateQueueAsync("ingest");
        var dlq = await sqs.CreateQueueAsync("dlq");
        var dir = Path.Combine(Path.GetTempPath(), "vaultflow-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var values = new Dictionary<string, string>
        {
            ["region"] = "us-east-1",
            ["sqsEndpoint"] = sqs.Endpoint.ToString(),
            ["sfnEndpoint"] = (sfnEndpoint ?? new Uri("http://127.0.0.1:9/")).ToString(),
            ["ingestQueueUrl"] = ingest,
            ["dlqUrl"] = dlq,
            ["stateMachineArn"] = stateMachineArn ?? "arn:aws:states:us-east-1:000000000000:stateMachine:none",
        };
        foreach (var (k, v) in extra ?? [])
        {
            values[k] = v;
        }

        await File.WriteAllTextAsync(Path.Combine(dir, "local.json"), JsonSerializer.Serialize(values));
        return new CliStack(dir, ingest, dlq);
    }

    /// <summary>Runs the CLI in this process with VAULTFLOW_STATE_DIR pointing here.</summary>
    public async Task<CliRun> RunWithInputAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new DictionaryEnvironmentVariables(new Dictionary<string, string> { ["VAULTFLOW_STATE_DIR"] = StateDir });
        var host = new CliHost(env, StateDir, new StringReader(input), Interactive: false);
        var code = await Vaultflow.Cli.Program.RunAsync(args, output, error, host);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);

    /// <summary>Runs <c>dotnet vaultflow.dll</c> as a child process.</summary>
    public async Task<CliRun> RunProcessAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "vaultflow.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = StateDir,
        };
        start.Environment["VAULTFLOW_STATE_DIR"] = StateDir;
        start.Environment["CI"] = "true";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(StateDir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(StateDir, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
