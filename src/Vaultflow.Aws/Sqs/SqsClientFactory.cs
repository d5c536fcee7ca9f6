using Amazon.Runtime;
using Amazon.SQS;

namespace Vaultflow.Aws.Sqs;

/// <summary>Builds the SQS client from <see cref="SqsClientOptions"/> (endpoint and region set explicitly).</summary>
public static class SqsClientFactory
{
    /// <summary>Used to sign for an endpoint override when no region is configured; local SQS accepts any.</summary>
    public const string FallbackSigningRegion = AwsClientConfiguration.FallbackSigningRegion;

    /// <param name="options">Endpoint, region, retries and timeout.</param>
    /// <param name="credentials">Null uses the SDK's default credential chain (Lambda role, profile, environment).</param>
    public static IAmazonSQS Create(SqsClientOptions options, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = AwsClientConfiguration.Apply(new AmazonSQSConfig(), options.ServiceUrl, options.Region, options.MaxErrorRetry, options.Timeout);
        return credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config);
    }
}
