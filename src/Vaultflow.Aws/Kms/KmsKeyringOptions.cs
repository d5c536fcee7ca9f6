using Vaultflow.Core.Errors;

namespace Vaultflow.Aws.Kms;

/// <summary>Settings of the KMS keyring and of the client <see cref="KmsClientFactory"/> builds.</summary>
public sealed record KmsKeyringOptions
{
    /// <summary>Key id, key ARN, alias name or alias ARN used for GenerateDataKey. Data keys report the key ARN.</summary>
    public required string KeyId { get; init; }

    /// <summary>The region; null leaves it to the SDK's default chain.</summary>
    public string? Region { get; init; }

    /// <summary>An endpoint override (local KMS, VPC endpoint); null uses the regional AWS endpoint.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>SDK retries per call; null keeps the SDK default (standard mode). 0 leaves every retry to the caller (Step Functions).</summary>
    public int? MaxErrorRetry { get; init; }

    /// <summary>HTTP timeout per attempt; null keeps the SDK default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Reads <c>VAULTFLOW_KMS_KEY_ID</c>, <c>AWS_ENDPOINT_URL_KMS</c> (else <c>AWS_ENDPOINT_URL</c>, both
    /// ignored when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>) and <c>AWS_REGION</c> (else
    /// <c>AWS_DEFAULT_REGION</c>) through <paramref name="getVariable"/>, so tests need not touch the process.
    /// </summary>
    /// <exception cref="ConfigurationException">The key id is missing or an endpoint URL is not an absolute http(s) URL.</exception>
    public static KmsKeyringOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? Read(string name) => getVariable(name) is { Length: > 0 } value ? value.Trim() : null;

        var keyId = Read(KmsEnvironmentVariables.KeyId) ?? throw new ConfigurationException(
            KmsEnvironmentVariables.KeyId,
            $"{KmsEnvironmentVariables.KeyId} is not set. Set it to the KMS key that wraps Vaultflow's data keys: a key ARN (arn:aws:kms:<region>:<account>:key/<id>), a key id, or an alias such as alias/vaultflow.");

        Uri? serviceUrl = null;
        if (!string.Equals(Read(KmsEnvironmentVariables.IgnoreConfiguredEndpointUrls), "true", StringComparison.OrdinalIgnoreCase))
        {
            var (setting, value) = Read(KmsEnvironmentVariables.EndpointUrlKms) is { } kms
                ? (KmsEnvironmentVariables.EndpointUrlKms, kms)
                : (KmsEnvironmentVariables.EndpointUrl, Read(KmsEnvironmentVariables.EndpointUrl));
            if (value is not null)
            {
                if (!Uri.TryCreate(value, UriKind.Absolute, out serviceUrl) || (serviceUrl.Scheme != Uri.UriSchemeHttp && serviceUrl.Scheme != Uri.UriSchemeHttps))
                {
                    throw new ConfigurationException(setting, $"{setting} is '{value}', which is not an absolute http(s) URL. Set it to the KMS endpoint, e.g. http://127.0.0.1:4599, or unset it to use AWS.");
                }
            }
        }

        return new KmsKeyringOptions
        {
            KeyId = keyId,
            ServiceUrl = serviceUrl,
            Region = Read(KmsEnvironmentVariables.Region) ?? Read(KmsEnvironmentVariables.DefaultRegion),
        };
    }
}
