using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Vaultflow.Lambda.Tests.Process;

/// <summary>The real sample bootstrap (built dll, run with <c>dotnet</c>) as a child process, with its stdout captured.</summary>
internal sealed class SampleBootstrapProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();

    private SampleBootstrapProcess(System.Diagnostics.Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stdout.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stdout.Enqueue("stderr: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> Stdout => [.. _stdout];

    public static string DllPath
    {
        get
        {
            var path = typeof(SampleBootstrapProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "SampleFunctionsDll").Value!;
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"The sample bootstrap is not built at {path}; build tests/Vaultflow.Lambda.Tests (it references the sample project).", path);
        }
    }

    public static SampleBootstrapProcess Start(string runtimeApi, string handler, IReadOnlyDictionary<string, string>? extra = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k.StartsWith('_')).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        start.Environment["_HANDLER"] = handler;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "sample-" + handler;
        start.Environment["AWS_LAMBDA_FUNCTION_VERSION"] = "3";
        start.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256";
        start.Environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/sample-" + handler;
        start.Environment["AWS_LAMBDA_LOG_STREAM_NAME"] = "2026/11/24/[3]0123456789";
        start.Environment["AWS_REGION"] = "eu-west-1";
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new SampleBootstrapProcess(System.Diagnostics.Process.Start(start)!);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
