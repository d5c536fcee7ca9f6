using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Tests.Configuration;

public sealed class VaultflowSettingsTests
{
    private static VaultflowSettings Load(params (string Key, string Value)[] values) =>
        VaultflowSettings.Load(new DictionaryEnvironmentVariables(values.ToDictionary(v => v.Key, v => v.Value)));

    private static ConfigurationException Fails(params (string Key, string Value)[] values) =>
        Assert.Throws<ConfigurationException>(() => Load(values));

    [Fact]
    public void Load_OnlyRegion_UsesDefaults()
    {
        var settings = Load(("AWS_REGION", "eu-west-1"));

        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal(3, settings.MaxReplays);
        Assert.Equal(16, settings.MaxHops);
        Assert.True(settings.DataKeyCacheEnabled);
        Assert.Equal("vaultflow", settings.Application);
    }

    [Fact]
    public void Load_NoRegion_NamesAwsRegion()
    {
        var ex = Fails();

        Assert.Equal("AWS_REGION", ex.Setting);
        Assert.Contains("AWS_REGION", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DefaultRegionOnly_IsAccepted() =>
        Assert.Equal("us-west-2", Load(("AWS_DEFAULT_REGION", "us-west-2")).Region);

    [Fact]
    public void Load_DlqEqualsIngestQueue_RefusesWithLoopExplanation()
    {
        var ex = Fails(
            ("AWS_REGION", "us-east-1"),
            ("VAULTFLOW_INGEST_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/1/ingest"),
            ("VAULTFLOW_DLQ_URL", "http://127.0.0.1:4566/1/ingest/"));

        Assert.Equal("VAULTFLOW_DLQ_URL", ex.Setting);
        Assert.Contains("loop", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("VAULTFLOW_MAX_REPLAYS", "-1")]
    [InlineData("VAULTFLOW_MAX_REPLAYS", "three")]
    [InlineData("VAULTFLOW_MAX_HOPS", "0")]
    [InlineData("VAULTFLOW_MAX_HOPS", "99999999999")]
    [InlineData("VAULTFLOW_DATA_KEY_CACHE", "maybe")]
    [InlineData("VAULTFLOW_DLQ_URL", "not a url")]
    [InlineData("VAULTFLOW_STATE_MACHINE_ARN", "IngestStateMachine")]
    [InlineData("VAULTFLOW_DB_SECRET_TTL", "-5")]
    public void Load_MalformedValue_NamesTheVariable(string name, string value)
    {
        var ex = Fails(("AWS_REGION", "us-east-1"), (name, value));

        Assert.Equal(name, ex.Setting);
        Assert.Contains(value, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KmsAndRawKeyBoth_RefusesContradiction()
    {
        var ex = Fails(("AWS_REGION", "us-east-1"), ("VAULTFLOW_KMS_KEY_ID", "alias/x"), ("VAULTFLOW_RAW_KEY", "AAAA"));

        Assert.Equal("VAULTFLOW_KMS_KEY_ID", ex.Setting);
    }

    [Fact]
    public void Require_MissingStateMachine_NamesComponentAndVariable()
    {
        var settings = Load(("AWS_REGION", "us-east-1"));

        var ex = Assert.Throws<ConfigurationException>(() => settings.Require("Starter", SettingNames.StateMachineArn));

        Assert.Equal(SettingNames.StateMachineArn, ex.Setting);
        Assert.StartsWith("Starter needs VAULTFLOW_STATE_MACHINE_ARN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_KeyWithRawKeyFile_IsSatisfied()
    {
        var settings = Load(("AWS_REGION", "us-east-1"), ("VAULTFLOW_RAW_KEY_FILE", "/etc/key"));

        Assert.Same(settings, settings.Require("Encrypt", SettingNames.KmsKeyId));
    }

    [Fact]
    public void Require_NoKeyAtAll_ExplainsBothKeyrings()
    {
        var settings = Load(("AWS_REGION", "us-east-1"));

        var ex = Assert.Throws<ConfigurationException>(() => settings.Require("Encrypt", SettingNames.KmsKeyId));

        Assert.Contains("VAULTFLOW_RAW_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_DatabaseWithSecretIdOnly_IsSatisfiedAndTtlDefaultsToFiveMinutes()
    {
        var settings = Load(("AWS_REGION", "us-east-1"), ("VAULTFLOW_DB_SECRET_ID", "arn:aws:secretsmanager:us-east-1:123456789012:secret:vaultflow/db-AbCdEf"));

        Assert.Same(settings, settings.Require("Persist", SettingNames.Database));
        Assert.Equal(TimeSpan.FromMinutes(5), settings.DatabaseSecretTtl);
        Assert.Equal(TimeSpan.FromSeconds(30), Load(("AWS_REGION", "us-east-1"), ("VAULTFLOW_DB_SECRET_TTL", "30")).DatabaseSecretTtl);
    }

    [Fact]
    public void Require_NoDatabaseAtAll_NamesBothWays()
    {
        var settings = Load(("AWS_REGION", "us-east-1"));

        var ex = Assert.Throws<ConfigurationException>(() => settings.Require("Persist", SettingNames.Database));

        Assert.Equal(SettingNames.Database, ex.Setting);
        Assert.Contains("VAULTFLOW_DB_SECRET_ID", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("Persist needs the database", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SecretIdAndConnectionStringBoth_RefusesContradiction()
    {
        var ex = Fails(("AWS_REGION", "us-east-1"), ("VAULTFLOW_DB_SECRET_ID", "vaultflow/db"), ("VAULTFLOW_DB", "Host=127.0.0.1"));

        Assert.Equal(SettingNames.DatabaseSecretId, ex.Setting);
    }

    [Theory]
    [InlineData("https://sqs.us-east-1.amazonaws.com/123/a", "http://127.0.0.1:1/123/a", true)]
    [InlineData("https://sqs.us-east-1.amazonaws.com/123/a", "https://sqs.us-east-1.amazonaws.com/123/a-dlq", false)]
    [InlineData("https://sqs.us-east-1.amazonaws.com/123/a", "https://sqs.us-east-1.amazonaws.com/456/a", false)]
    public void SameQueue_UrlSpellings_ComparesAccountAndName(string a, string b, bool same) =>
        Assert.Equal(same, VaultflowSettings.SameQueue(a, b));
}
