using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Tests.Configuration;

/// <summary>The blind-index key comes from exactly one of VAULTFLOW_BLIND_INDEX_KEY and VAULTFLOW_BLIND_INDEX_KEY_SECRET_ID.</summary>
public sealed class BlindIndexKeySettingsTests
{
    private const string SecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:vaultflow/blind-index-AbCdEf";
    private const string Key = "c2VjcmV0LWJsaW5kLWluZGV4LWtleS0zMi1ieXRlcyEh";

    private static VaultflowSettings Load(params (string Key, string Value)[] values) =>
        VaultflowSettings.Load(new DictionaryEnvironmentVariables(values.ToDictionary(v => v.Key, v => v.Value)));

    [Fact]
    public void Load_KeyAndSecretIdBoth_RefusesNamingBothVariables()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(("AWS_REGION", "us-east-1"), (SettingNames.BlindIndexKey, Key), (SettingNames.BlindIndexKeySecretId, SecretArn)));

        Assert.Equal(SettingNames.BlindIndexKeySecretId, ex.Setting);
        Assert.Contains(SettingNames.BlindIndexKeySecretId, ex.Message, StringComparison.Ordinal);
        Assert.Contains(SettingNames.BlindIndexKey + " ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SecretIdOnly_IsKeptTrimmedAndTheKeyStaysUnset()
    {
        var settings = Load(("AWS_REGION", "us-east-1"), (SettingNames.BlindIndexKeySecretId, "  " + SecretArn + "\n"));

        Assert.Equal(SecretArn, settings.BlindIndexKeySecretId);
        Assert.Null(settings.BlindIndexKey);
    }

    [Fact]
    public void Load_BlankSecretIdBesideKey_CountsAsUnset()
    {
        var settings = Load(("AWS_REGION", "us-east-1"), (SettingNames.BlindIndexKey, Key), (SettingNames.BlindIndexKeySecretId, "   "));

        Assert.Null(settings.BlindIndexKeySecretId);
        Assert.Equal(Key, settings.BlindIndexKey);
    }

    [Theory]
    [InlineData(SettingNames.BlindIndexKey, Key)]
    [InlineData(SettingNames.BlindIndexKeySecretId, SecretArn)]
    public void Require_EitherSource_SatisfiesTheBlindIndex(string name, string value)
    {
        var settings = Load(("AWS_REGION", "us-east-1"), (name, value));

        Assert.Same(settings, settings.Require("Encrypt", SettingNames.BlindIndexKey));
    }

    [Fact]
    public void Require_NeitherSource_NamesBothWays()
    {
        var settings = Load(("AWS_REGION", "us-east-1"));

        var ex = Assert.Throws<ConfigurationException>(() => settings.Require("GetRecord", SettingNames.BlindIndexKey));

        Assert.Equal(SettingNames.BlindIndexKey, ex.Setting);
        Assert.StartsWith("GetRecord needs the blind-index key", ex.Message, StringComparison.Ordinal);
        Assert.Contains(SettingNames.BlindIndexKeySecretId, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PreviousKeyBesideSecretId_RefusesNamingBothVariables()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(("AWS_REGION", "us-east-1"), (SettingNames.BlindIndexPreviousKey, Key), (SettingNames.BlindIndexKeySecretId, SecretArn)));

        Assert.Equal(SettingNames.BlindIndexPreviousKey, ex.Setting);
        Assert.Contains(SettingNames.BlindIndexKeySecretId, ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"previous\"", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PreviousKeyBesideKey_IsKept()
    {
        var settings = Load(("AWS_REGION", "us-east-1"), (SettingNames.BlindIndexKey, Key), (SettingNames.BlindIndexPreviousKey, " " + Key + " "));

        Assert.Equal(Key, settings.BlindIndexPreviousKey);
    }
}
