using Amazon.Runtime;

namespace Vaultflow.Aws.StepFunctions;

/// <summary>How to reach Step Functions.</summary>
/// <param name="Region">The signing region, e.g. us-east-1.</param>
/// <param name="ServiceUrl">An endpoint override (the local stack); null means https://states.{Region}.amazonaws.com.</param>
/// <param name="Credentials">Explicit credentials; null resolves them the SDK's default way (env, profile, container, instance).</param>
/// <param name="MaxAttempts">Attempts per call for retryable failures (throttling, 5xx, network), including the first.</param>
/// <param name="Timeout">Per-attempt HTTP timeout.</param>
public sealed record StepFunctionsClientOptions(
    string Region,
    Uri? ServiceUrl = null,
    AWSCredentials? Credentials = null,
    int MaxAttempts = 4,
    TimeSpan? Timeout = null)
{
    /// <summary>The endpoint every call goes to.</summary>
    public Uri Endpoint => ServiceUrl ?? new Uri($"https://states.{Region}.amazonaws.com/");

    /// <summary>
    /// Builds options from the standard AWS variables: AWS_REGION (or AWS_DEFAULT_REGION) and
    /// AWS_ENDPOINT_URL_SFN, else AWS_ENDPOINT_URL, as the AWS SDKs and CLI read them.
    /// </summary>
    public static StepFunctionsClientOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var region = getVariable("AWS_REGION") ?? getVariable("AWS_DEFAULT_REGION")
            ?? throw new Core.Errors.ConfigurationException("AWS_REGION", "AWS_REGION is not set: set it to the region of your state machine (for the local stack, the region in .vaultflow/local.json).");
        var endpoint = getVariable("AWS_ENDPOINT_URL_SFN") ?? getVariable("AWS_ENDPOINT_URL");
        Uri? url = null;
        if (!string.IsNullOrWhiteSpace(endpoint) && !Uri.TryCreate(endpoint, UriKind.Absolute, out url))
        {
            throw new Core.Errors.ConfigurationException("AWS_ENDPOINT_URL_SFN", $"AWS_ENDPOINT_URL_SFN/AWS_ENDPOINT_URL '{endpoint}' is not an absolute URL; use e.g. http://127.0.0.1:4583.");
        }

        return new StepFunctionsClientOptions(region, url);
    }
}
