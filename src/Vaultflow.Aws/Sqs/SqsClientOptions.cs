using Vaultflow.Core.Errors;

namespace Vaultflow.Aws.Sqs;

/// <summary>How to reach SQS.</summary>
/// <param name="Region">The signing region; null leaves it to the SDK's default chain.</param>
/// <param name="ServiceUrl">An endpoint override (local SQS); null uses the regional AWS endpoint.</param>
public sealed record SqsClientOptions(string? Region = null, Uri? ServiceUrl = null)
{
    /// <summary>Per-attempt HTTP timeout; null keeps the SDK default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>SDK retries per call; null keeps the SDK default.</summary>
    public int? MaxErrorRetry { get; init; }

    /// <summary>
    /// Reads AWS_REGION (else AWS_DEFAULT_REGION) and AWS_ENDPOINT_URL_SQS (else AWS_ENDPOINT_URL), as the
    /// AWS SDKs and CLI do, through <paramref name="getVariable"/>.
    /// </summary>
    /// <exception cref="ConfigurationException">An endpoint URL is not an absolute http(s) URL.</exception>
    public static SqsClientOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? Read(string name) => getVariable(name) is { Length: > 0 } value ? value.Trim() : null;
        var (setting, endpoint) = Read("AWS_ENDPOINT_URL_SQS") is { } sqs ? ("AWS_ENDPOINT_URL_SQS", sqs) : ("AWS_ENDPOINT_URL", Read("AWS_ENDPOINT_URL"));
        Uri? url = null;
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ConfigurationException(setting, $"{setting} is '{endpoint}', which is not an absolute http(s) URL. Set it to the SQS endpoint, e.g. http://127.0.0.1:9324, or unset it to use AWS.");
        }

        return new SqsClientOptions(Read("AWS_REGION") ?? Read("AWS_DEFAULT_REGION"), url);
    }
}
