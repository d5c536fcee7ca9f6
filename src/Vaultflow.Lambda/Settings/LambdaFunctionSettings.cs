using System.Globalization;

namespace Vaultflow.Lambda.Settings;

/// <summary>The function-level facts the Lambda service puts in the environment at start-up.</summary>
public sealed record LambdaFunctionSettings(
    string FunctionName,
    string FunctionVersion,
    int MemoryLimitInMB,
    string LogGroupName,
    string LogStreamName,
    string Region)
{
    /// <summary>Reads the settings; missing values become empty strings (or 0 MB) so local runs work without them.</summary>
    public static LambdaFunctionSettings Read(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var memory = int.TryParse(
            environment.GetVariable(LambdaEnvironmentVariables.FunctionMemorySize),
            NumberStyles.Integer,
            CultureInfo.InvariantCulture,
            out var mb) ? mb : 0;
        return new LambdaFunctionSettings(
            environment.GetVariable(LambdaEnvironmentVariables.FunctionName) ?? string.Empty,
            environment.GetVariable(LambdaEnvironmentVariables.FunctionVersion) ?? "$LATEST",
            memory,
            environment.GetVariable(LambdaEnvironmentVariables.LogGroupName) ?? string.Empty,
            environment.GetVariable(LambdaEnvironmentVariables.LogStreamName) ?? string.Empty,
            environment.GetVariable(LambdaEnvironmentVariables.Region) ?? string.Empty);
    }
}
