using Amazon;
using Amazon.Runtime;

namespace Vaultflow.Aws;

/// <summary>Endpoint, region, retry and timeout settings shared by every AWS SDK client Vaultflow builds.</summary>
internal static class AwsClientConfiguration
{
    /// <summary>Used to sign for an endpoint override when no region is configured; the local endpoints accept any.</summary>
    public const string FallbackSigningRegion = "us-east-1";

    public static TConfig Apply<TConfig>(TConfig config, Uri? serviceUrl, string? region, int? maxErrorRetry, TimeSpan? timeout)
        where TConfig : ClientConfig
    {
        if (serviceUrl is not null)
        {
            // ServiceURL replaces RegionEndpoint in the SDK, so the region survives only as the signing region.
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = region ?? FallbackSigningRegion;
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (maxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }

        if (timeout is { } value)
        {
            config.Timeout = value;
        }

        return config;
    }
}
