using Vaultflow.Core.Configuration;

namespace Vaultflow.Handlers.Hosting;

/// <summary>
/// The settings each function needs, checked at cold start so a missing one fails the init with the
/// variable's name instead of failing the first message.
/// </summary>
public static class FunctionRequirements
{
    public static IReadOnlyList<string> For(string functionName) => functionName switch
    {
        FunctionNames.Starter => [SettingNames.StateMachineArn, SettingNames.DlqUrl],
        FunctionNames.Dedupe => [SettingNames.Database],
        FunctionNames.Encrypt => [SettingNames.Database, SettingNames.KmsKeyId, SettingNames.BlindIndexKey],
        FunctionNames.Persist => [SettingNames.Database],
        FunctionNames.RouteFailure => [SettingNames.Database, SettingNames.DlqUrl],
        FunctionNames.GetRecord => [SettingNames.Database, SettingNames.KmsKeyId, SettingNames.BlindIndexKey],
        _ => [],
    };

    /// <summary>Loads the settings and checks what <paramref name="functionName"/> needs.</summary>
    /// <exception cref="Core.Errors.ConfigurationException">A setting is missing or invalid; names the variable.</exception>
    public static VaultflowSettings Validate(string functionName, IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        var settings = VaultflowSettings.Load(environment);
        return settings.Require(functionName, [.. For(functionName)]);
    }
}
