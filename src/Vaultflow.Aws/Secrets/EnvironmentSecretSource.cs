using Vaultflow.Core.Errors;

namespace Vaultflow.Aws.Secrets;

/// <summary>A secret held in an environment variable: local runs and tests (VAULTFLOW_DB).</summary>
public sealed class EnvironmentSecretSource : ISecretSource
{
    private readonly Func<string, string?> _getVariable;

    public EnvironmentSecretSource(string variable, Func<string, string?> getVariable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variable);
        ArgumentNullException.ThrowIfNull(getVariable);
        Setting = variable;
        _getVariable = getVariable;
    }

    public string Setting { get; }

    public string Description => $"environment variable {Setting}";

    public Task<string> GetSecretStringAsync(CancellationToken cancellationToken = default) =>
        _getVariable(Setting) is { } value && !string.IsNullOrWhiteSpace(value)
            ? Task.FromResult(value.Trim())
            : throw new ConfigurationException(Setting, $"{Setting} is not set. Set it to an Npgsql connection string (or an RDS-style JSON secret); locally, scripts/setup writes one to .vaultflow/postgres.json as appConnectionString.");
}
