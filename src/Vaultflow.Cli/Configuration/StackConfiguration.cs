using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;

namespace Vaultflow.Cli.Configuration;

/// <summary>Where the stack a command talks to lives: the local stack (local.json) or AWS (environment).</summary>
/// <param name="IsLocal">True when local.json was found: dummy credentials, "start scripts/run-local" hints.</param>
/// <param name="Source">Human description of where the values came from, for errors.</param>
/// <param name="StateDirectory">The .vaultflow directory in use, or null.</param>
/// <param name="Variables">The merged variables (local.json over the process environment).</param>
/// <param name="Settings">VaultflowSettings loaded from <paramref name="Variables"/>.</param>
internal sealed record StackConfiguration(bool IsLocal, string Source, string? StateDirectory, IEnvironmentVariables Variables, VaultflowSettings Settings)
{
    public string Region => Settings.Region;

    public Uri? SqsEndpoint => Endpoint(StackVariables.SqsEndpoint);

    public Uri? SfnEndpoint => Endpoint(StackVariables.SfnEndpoint);

    public Uri? KmsEndpoint => Endpoint(StackVariables.KmsEndpoint);

    /// <summary>The value of a queue URL / ARN setting, or a one-line error naming where to set it.</summary>
    public string Require(string setting, string? value, string what) => value ?? throw new ConfigurationException(
        setting,
        IsLocal
            ? $"{what} is not in {Source}: restart the local stack with scripts/run-local (it writes {LocalStackFile.FileName})."
            : $"{what} is not configured: set {setting} (or start the local stack with scripts/run-local).");

    /// <summary>The hint appended to "could not reach ..." errors.</summary>
    public string UnreachableHint => IsLocal
        ? "local stack not running: start it with scripts/run-local"
        : "check the network, AWS_REGION and AWS_ENDPOINT_URL_*";

    private Uri? Endpoint(string specific)
    {
        var raw = Variables.Get(specific) ?? Variables.Get(StackVariables.EndpointUrl);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        return Uri.TryCreate(raw, UriKind.Absolute, out var uri)
            ? uri
            : throw new ConfigurationException(specific, $"{specific} '{raw}' is not an absolute URL ({Source}); use e.g. http://127.0.0.1:4566.");
    }
}
