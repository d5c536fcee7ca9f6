using Amazon.Runtime;
using Vaultflow.Core.Configuration;

namespace Vaultflow.Handlers.Hosting;

/// <summary>
/// Credentials from the standard variables, read through <see cref="IEnvironmentVariables"/> so an
/// overlay (the local stack, tests) reaches the AWS clients too. Null when they are not set: the SDK's
/// default chain (profile, container, instance role) then applies. Lambda sets these variables itself.
/// </summary>
internal static class AwsCredentialsFromEnvironment
{
    public const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    public const string SessionToken = "AWS_SESSION_TOKEN";

    public static AWSCredentials? Resolve(IEnvironmentVariables environment)
    {
        var accessKey = environment.Get(AccessKeyId);
        var secretKey = environment.Get(SecretAccessKey);
        if (string.IsNullOrWhiteSpace(accessKey) || string.IsNullOrWhiteSpace(secretKey))
        {
            return null;
        }

        var token = environment.Get(SessionToken);
        return string.IsNullOrWhiteSpace(token)
            ? new BasicAWSCredentials(accessKey, secretKey)
            : new SessionAWSCredentials(accessKey, secretKey, token);
    }
}
