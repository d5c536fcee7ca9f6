using Vaultflow.Core.Configuration;

namespace Vaultflow.Cli.Configuration;

/// <summary>
/// What a command may read from the process it runs in: environment, working directory, stdin and
/// whether a person is watching. Tests build one from a dictionary instead of touching the process.
/// </summary>
/// <param name="Environment">Environment variables (AWS_*, VAULTFLOW_*).</param>
/// <param name="WorkingDirectory">Where the search for .vaultflow/ starts.</param>
/// <param name="Input">Standard input, for <c>send -</c>.</param>
/// <param name="Interactive">True when stdout is a terminal and CI is not set: tables, colours, progress bars.</param>
internal sealed record CliHost(IEnvironmentVariables Environment, string WorkingDirectory, TextReader Input, bool Interactive)
{
    /// <summary>Exit code of the replay crash hook (EX_SOFTWARE), so a test can tell it from a failure.</summary>
    public const int CrashExitCode = 70;

    /// <summary>Test hook: when "1", replay exits the process with <see cref="CrashExitCode"/> right after its first send.</summary>
    public const string CrashAfterSendVariable = "VAULTFLOW_TEST_CRASH_AFTER_SEND";

    public static CliHost FromProcess()
    {
        var env = ProcessEnvironmentVariables.Instance;
        var ci = env.Get("CI");
        var isCi = ci is not null && (ci == "1" || ci.Equals("true", StringComparison.OrdinalIgnoreCase));
        return new CliHost(env, Directory.GetCurrentDirectory(), Console.In, !Console.IsOutputRedirected && !isCi);
    }
}
