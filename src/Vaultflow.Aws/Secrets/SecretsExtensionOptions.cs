using System.Globalization;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;

namespace Vaultflow.Aws.Secrets;

/// <summary>How <see cref="SecretsExtensionSource"/> reaches the AWS Parameters and Secrets Lambda Extension.</summary>
public sealed record SecretsExtensionOptions
{
    /// <summary>ARN or name of the Secrets Manager secret (an ARN also works across accounts).</summary>
    public required string SecretId { get; init; }

    /// <summary>The extension's endpoint; on Lambda http://localhost:{PARAMETERS_SECRETS_EXTENSION_HTTP_PORT}.</summary>
    public Uri Endpoint { get; init; } = new($"http://localhost:{SecretsExtensionVariables.DefaultPort.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Sent as X-Aws-Parameters-Secrets-Token; on Lambda the value of AWS_SESSION_TOKEN.</summary>
    public string? SessionToken { get; init; }

    /// <summary>The setting that named the secret, reported in configuration errors.</summary>
    public string Setting { get; init; } = SettingNames.DatabaseSecretId;

    /// <summary>What the secret must hold, for messages about a wrong value (never the value itself).</summary>
    public string Holds { get; init; } = "the database credentials: a connection string or the RDS JSON {\"host\",\"port\",\"username\",\"password\",\"dbname\"}";

    /// <summary>What to configure instead outside Lambda, where there is no extension.</summary>
    public string OutsideLambda { get; init; } = $"set {SettingNames.Database} to a connection string";

    /// <summary>Timeout of one HTTP request to the extension (which may call Secrets Manager on a cache miss).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts while the extension is not reachable, not ready yet (it starts with the sandbox) or answers 5xx.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Wait before the second attempt; the n-th retry waits n times this (100, 200, 300, 400 ms by default: about 1 s in all).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Clock for the retry delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Reads PARAMETERS_SECRETS_EXTENSION_HTTP_PORT (default 2773) and AWS_SESSION_TOKEN through <paramref name="getVariable"/>.</summary>
    /// <exception cref="ConfigurationException">The port is not a number from 1 to 65535.</exception>
    public static SecretsExtensionOptions FromEnvironment(string secretId, Func<string, string?> getVariable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secretId);
        ArgumentNullException.ThrowIfNull(getVariable);
        var port = SecretsExtensionVariables.DefaultPort;
        if (getVariable(SecretsExtensionVariables.HttpPort) is { Length: > 0 } raw
            && (!int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new ConfigurationException(
                SecretsExtensionVariables.HttpPort,
                $"{SecretsExtensionVariables.HttpPort} is '{raw}'; it must be the extension's port, a number from 1 to 65535 (default {SecretsExtensionVariables.DefaultPort}).");
        }

        return new SecretsExtensionOptions
        {
            SecretId = secretId.Trim(),
            Endpoint = new Uri($"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}"),
            SessionToken = getVariable(SecretsExtensionVariables.SessionToken) is { Length: > 0 } token ? token : null,
        };
    }
}
