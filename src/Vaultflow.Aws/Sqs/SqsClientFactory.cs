using Amazon;
using Amazon.Runtime;
using Amazon.SQS;

namespace Vaultflow.Aws.Sqs;

/// <summary>Builds the SQS client from <see cref="SqsClientOptions"/> (endpoint and region set explicitly).</summary>
public static class SqsClientFactory
{
    /// <summary>Used to sign for an endpoint override when no region is configured; local SQS accepts any.</summary>
    public const string FallbackSigningRegion = "us-east-1";

    /// <param name="options">Endpoint, region, retries and timeout.</param>
    /// <param name="credentials">Null uses the SDK's default credential chain (Lambda role, profile, environment).</param>
    public static IAmazonSQS Create(SqsClientOptions options, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonSQSConfig();
        if (options.ServiceUrl is { } serviceUrl)
        {
            // ServiceURL replaces RegionEndpoint in the SDK, so the region survives only as the signing region.
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = options.Region ?? FallbackSigningRegion;
        }
        else if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (options.MaxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }

        if (options.Timeout is { } timeout)
        {
            config.Timeout = timeout;
        }

        return credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config);
    }
}
