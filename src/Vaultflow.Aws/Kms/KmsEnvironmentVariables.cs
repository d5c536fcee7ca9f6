namespace Vaultflow.Aws.Kms;

/// <summary>The environment variables the KMS keyring reads, in one place.</summary>
public static class KmsEnvironmentVariables
{
    /// <summary>Key id, key ARN, alias name (<c>alias/...</c>) or alias ARN of the wrapping key. Required.</summary>
    public const string KeyId = "VAULTFLOW_KMS_KEY_ID";

    /// <summary>KMS-specific endpoint override (e.g. the local KMS). Wins over <see cref="EndpointUrl"/>.</summary>
    public const string EndpointUrlKms = "AWS_ENDPOINT_URL_KMS";

    /// <summary>Endpoint override for every AWS service.</summary>
    public const string EndpointUrl = "AWS_ENDPOINT_URL";

    /// <summary>When "true", both endpoint overrides are ignored (as the AWS SDKs do).</summary>
    public const string IgnoreConfiguredEndpointUrls = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <summary>The region (Lambda sets it).</summary>
    public const string Region = "AWS_REGION";

    /// <summary>Fallback region some tools set.</summary>
    public const string DefaultRegion = "AWS_DEFAULT_REGION";
}
