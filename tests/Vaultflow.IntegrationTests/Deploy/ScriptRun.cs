using Vaultflow.IntegrationTests.Demo;
using Vaultflow.IntegrationTests.Support;

namespace Vaultflow.IntegrationTests.Deploy;

/// <summary>
/// Runs a repository script with bash and an environment stripped of every AWS_* variable and of the
/// developer's AWS files, so a test sees exactly what a machine without credentials sees.
/// </summary>
internal static class ScriptRun
{
    public static Task<ProcessResult> RunAsync(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_CONFIG_FILE"] = "/dev/null",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        return CliProcess.RunAsync(
            "bash",
            [RepoRoot.Combine("scripts", script), .. arguments],
            variables,
            TimeSpan.FromSeconds(60),
            unset: name => name.StartsWith("AWS_", StringComparison.Ordinal) || name == "VAULTFLOW_BLIND_INDEX_KEY");
    }
}
