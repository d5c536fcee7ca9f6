using System.Diagnostics;

namespace Vaultflow.Bench.ColdStart;

/// <summary>One way to start the bootstrap: the AOT executable, or <c>dotnet</c> on the JIT build.</summary>
internal sealed record Variant(string Name, string FileName, string? Argument)
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

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        start.Environment["_HANDLER"] = handler;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "coldstart-" + handler;
        start.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256";

        // Only warnings: the bench measures start-up, not log volume.
        start.Environment["AWS_LAMBDA_LOG_LEVEL"] = "WARN";
        return start;
    }
}
