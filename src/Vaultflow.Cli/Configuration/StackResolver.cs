using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;

namespace Vaultflow.Cli.Configuration;

/// <summary>
/// Resolves the stack: <c>&lt;state-dir&gt;/local.json</c> when present (state dir = VAULTFLOW_STATE_DIR,
/// else the nearest .vaultflow/ walking up from the working directory), else the standard AWS variables
/// and VAULTFLOW_* settings. local.json values win over the environment, so a stray AWS_ENDPOINT_URL
/// cannot point a local run at AWS.
/// </summary>
internal static class StackResolver
{
    public static StackConfiguration Resolve(CliHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var stateDir = FindStateDirectory(host);
        var localFile = stateDir is null ? null : Path.Combine(stateDir, LocalStackFile.FileName);
        if (localFile is not null && File.Exists(localFile))
        {
            var values = LocalStackFile.Read(localFile);
            var merged = new LayeredEnvironment(new DictionaryEnvironmentVariables(values), host.Environment);
            return new StackConfiguration(true, localFile, stateDir, merged, Load(merged, localFile));
        }

        if (host.Environment.Get(SettingNames.Region) is null && host.Environment.Get(SettingNames.DefaultRegion) is null)
        {
            throw new ConfigurationException(
                SettingNames.Region,
                "no stack configured: start the local stack with scripts/run-local (it writes .vaultflow/local.json), or set AWS_REGION and the VAULTFLOW_* settings to use AWS");
        }

        return new StackConfiguration(false, "the environment (AWS_* and VAULTFLOW_*)", stateDir, host.Environment, Load(host.Environment, "the environment"));
    }

    /// <summary>VAULTFLOW_STATE_DIR, else the nearest .vaultflow/ from the working directory up; null when neither exists.</summary>
    public static string? FindStateDirectory(CliHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var explicitDir = host.Environment.Get(StackVariables.StateDir);
        if (!string.IsNullOrWhiteSpace(explicitDir))
        {
            return Path.GetFullPath(explicitDir, host.WorkingDirectory);
        }

        for (var dir = new DirectoryInfo(host.WorkingDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, StackVariables.StateDirName);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static VaultflowSettings Load(IEnvironmentVariables variables, string source)
    {
        try
        {
            return VaultflowSettings.Load(variables);
        }
        catch (ConfigurationException ex)
        {
            throw new ConfigurationException(ex.Setting, $"{ex.Message} (read from {source})");
        }
    }

    /// <summary>The first layer that has a variable wins.</summary>
    private sealed class LayeredEnvironment(IEnvironmentVariables top, IEnvironmentVariables bottom) : IEnvironmentVariables
    {
        public string? Get(string name) => top.Get(name) ?? bottom.Get(name);
    }
}
