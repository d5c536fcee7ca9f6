using Amazon.KeyManagementService;
using Amazon.Runtime;

namespace Vaultflow.Aws.Kms;

/// <summary>
/// Builds the KMS client from <see cref="KmsKeyringOptions"/>. The endpoint and region are set explicitly
/// from the options (which <see cref="KmsKeyringOptions.FromEnvironment"/> fills from AWS_ENDPOINT_URL_KMS,
/// AWS_ENDPOINT_URL and AWS_REGION), so the outcome does not depend on SDK version details; AWSSDK.Core 4.1
/// would honour those variables by itself too.
/// </summary>
public static class KmsClientFactory
{
    /// <summary>Used to sign for an endpoint override when no region is configured; the local KMS accepts any.</summary>
    public const string FallbackSigningRegion = AwsClientConfiguration.FallbackSigningRegion;

    /// <param name="options">Endpoint, region, retries and timeout.</param>
    /// <param name="credentials">Null uses the SDK's default credential chain (Lambda role, profile, environment).</param>
    public static IAmazonKeyManagementService Create(KmsKeyringOptions options, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = AwsClientConfiguration.Apply(new AmazonKeyManagementServiceConfig(), options.ServiceUrl, options.Region, options.MaxErrorRetry, options.Timeout);
        return credentials is null
            ? new AmazonKeyManagementServiceClient(config)
            : new AmazonKeyManagementServiceClient(credentials, config);
    }
}
