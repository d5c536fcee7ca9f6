using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.SQS;
using Vaultflow.Aws.Kms;
using Vaultflow.Aws.StepFunctions;

namespace Vaultflow.Cli.Configuration;

/// <summary>Builds the AWS clients for a resolved stack: explicit endpoints and dummy credentials for the local stack, the SDK's default chain otherwise.</summary>
internal static class AwsClients
{
    /// <summary>The local endpoints accept any signature; real credentials must never be sent to them.</summary>
    private static readonly BasicAWSCredentials LocalCredentials = new("AKIDLOCALSTACK", "local-stack-secret");

    public static IAmazonSQS Sqs(StackConfiguration stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var config = new AmazonSQSConfig();
        if (stack.SqsEndpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = stack.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(stack.Region);
        }

        // Local calls either work or the stack is down: fail fast instead of retrying a dead port.
        config.MaxErrorRetry = stack.IsLocal ? 1 : config.MaxErrorRetry;
        return stack.IsLocal ? new AmazonSQSClient(LocalCredentials, config) : new AmazonSQSClient(config);
    }

    public static StepFunctionsClient StepFunctions(StackConfiguration stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new StepFunctionsClient(new StepFunctionsClientOptions(
            stack.Region,
            stack.SfnEndpoint,
            stack.IsLocal ? LocalCredentials : null,
            MaxAttempts: stack.IsLocal ? 1 : 4));
    }

    public static IAmazonKeyManagementService Kms(StackConfiguration stack, string keyId)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var options = new KmsKeyringOptions { KeyId = keyId, Region = stack.Region, ServiceUrl = stack.KmsEndpoint };
        return KmsClientFactory.Create(options, stack.IsLocal ? LocalCredentials : null);
    }
}
