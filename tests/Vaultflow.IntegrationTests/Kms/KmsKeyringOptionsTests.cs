using Vaultflow.Aws.Kms;
using Vaultflow.Core.Errors;

namespace Vaultflow.IntegrationTests.Kms;

/// <summary>Reading settings from a fake environment (no I/O, no process environment changes).</summary>
public sealed class KmsKeyringOptionsTests
{
    [Fact]
    public void FromEnvironment_KmsSpecificEndpoint_WinsOverGlobalEndpoint()
    {
        var options = KmsKeyringOptions.FromEnvironment(Env(
            ("VAULTFLOW_KMS_KEY_ID", "alias/vaultflow"),
            ("AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:4599"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:9999"),
            ("AWS_REGION", "eu-west-1")));

        Assert.Equal("alias/vaultflow", options.KeyId);
        Assert.Equal(new Uri("http://127.0.0.1:4599"), options.ServiceUrl);
        Assert.Equal("eu-west-1", options.Region);
    }

    [Fact]
    public void FromEnvironment_OnlyGlobalEndpointAndDefaultRegion_UsesThem()
    {
        var options = KmsKeyringOptions.FromEnvironment(Env(
            ("VAULTFLOW_KMS_KEY_ID", "k"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:9999"),
            ("AWS_DEFAULT_REGION", "us-west-2")));

        Assert.Equal(new Uri("http://127.0.0.1:9999"), options.ServiceUrl);
        Assert.Equal("us-west-2", options.Region);
    }

    [Fact]
    public void FromEnvironment_IgnoreConfiguredEndpointUrls_DropsTheOverride()
    {
        var options = KmsKeyringOptions.FromEnvironment(Env(
            ("VAULTFLOW_KMS_KEY_ID", "k"),
            ("AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:4599"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")));

        Assert.Null(options.ServiceUrl);
        Assert.Null(options.Region);
    }

    [Fact]
    public void FromEnvironment_MissingKeyId_ThrowsConfigurationExceptionNamingIt()
    {
        var error = Assert.Throws<ConfigurationException>(() => KmsKeyringOptions.FromEnvironment(Env(("AWS_REGION", "us-east-1"))));

        Assert.Equal("VAULTFLOW_KMS_KEY_ID", error.Setting);
        Assert.Contains("alias/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_RelativeEndpoint_ThrowsConfigurationExceptionNamingTheVariable()
    {
        var error = Assert.Throws<ConfigurationException>(() => KmsKeyringOptions.FromEnvironment(Env(
            ("VAULTFLOW_KMS_KEY_ID", "k"),
            ("AWS_ENDPOINT_URL_KMS", "127.0.0.1:4599"))));

        Assert.Equal("AWS_ENDPOINT_URL_KMS", error.Setting);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }
}
