using System.Diagnostics;

namespace Vaultflow.Bench.ColdStart;

/// <summary>
/// One way to start a bootstrap: the AOT executable, or <c>dotnet</c> on the JIT build, with the
/// environment its functions need (settings, endpoints) on top of the Lambda variables.
/// </summary>
internal sealed record Variant(string Name, string FileName, string? Argument, IReadOnlyDictionary<string, string> Environment)
{
    public ProcessStartInfo StartInfo(string runtimeApi, string handler)
    {
        var start = new ProcessStartInfo(FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Argument is not null)
        {
            start.ArgumentList.Add(Argument);
        }

        // Nothing from the caller's AWS_* or VAULTFLOW_* may change what the bootstrap does.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k.StartsWith("VAULTFLOW_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        start.Environment["_HANDLER"] = handler;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "coldstart-" + handler;
        start.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256";

        // Only warnings: the bench measures start-up, not log volume.
        start.Environment["AWS_LAMBDA_LOG_LEVEL"] = "WARN";
        return start;
    }
}
