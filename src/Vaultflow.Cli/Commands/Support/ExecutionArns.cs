using Vaultflow.Core.Errors;

namespace Vaultflow.Cli.Commands.Support;

/// <summary>Execution ARNs from a state machine ARN and an execution name.</summary>
internal static class ExecutionArns
{
    /// <summary>
    /// <c>arn:aws:states:r:a:stateMachine:M</c> + <c>N</c> -> <c>arn:aws:states:r:a:execution:M:N</c>;
    /// an argument that already is an ARN is returned as is.
    /// </summary>
    public static string Resolve(string nameOrArn, string? stateMachineArn)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrArn);
        if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return nameOrArn;
        }

        if (stateMachineArn is null)
        {
            throw new ConfigurationException("VAULTFLOW_STATE_MACHINE_ARN", $"'{nameOrArn}' is an execution name, and no state machine is configured to resolve it: pass the execution ARN, or set VAULTFLOW_STATE_MACHINE_ARN (the local stack writes it to local.json).");
        }

        const string marker = ":stateMachine:";
        var at = stateMachineArn.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new ConfigurationException("VAULTFLOW_STATE_MACHINE_ARN", $"'{stateMachineArn}' is not a state machine ARN (no ':stateMachine:'); pass the execution ARN instead.");
        }

        return stateMachineArn[..at] + ":execution:" + stateMachineArn[(at + marker.Length)..] + ":" + nameOrArn;
    }
}
