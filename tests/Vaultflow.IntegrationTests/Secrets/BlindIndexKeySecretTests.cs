using System.Security.Cryptography;
using Vaultflow.Aws.Secrets;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;

namespace Vaultflow.IntegrationTests.Secrets;

/// <summary>Parsing the blind-index key secret (no I/O): the two formats, what CloudFormation generates, and errors that name the secret but never the value.</summary>
public sealed class BlindIndexKeySecretTests
{
    private const string Setting = SettingNames.BlindIndexKeySecretId;
    private const string Description = "secret 'arn:aws:secretsmanager:us-east-1:123456789012:secret:vaultflow/blind-index-AbCdEf'";

    [Fact]
    public void ToKey_PlainBase64_IsTheDecodedKey()
    {
        var key = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(key, BlindIndexKeySecret.ToKey(" " + Convert.ToBase64String(key) + "\n", Setting, Description));
    }

    [Fact]
    public void ToKey_JsonWithKeyAndOtherFields_IsTheDecodedKey()
    {
        var key = RandomNumberGenerator.GetBytes(64);

        Assert.Equal(key, BlindIndexKeySecret.ToKey("{\"note\":\"x\",\"key\":\"" + Convert.ToBase64String(key) + "\"}", Setting, Description));
    }

    [Fact]
    public void ToKey_WhatGenerateSecretStringWrites_Is48Bytes()
    {
        // serverless.template: SecretStringTemplate "{}", GenerateStringKey "key", PasswordLength 64,
        // ExcludePunctuation, no spaces: 64 characters from [A-Za-z0-9], each a base64 digit.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        foreach (var generated in new[] { new string('z', 64), new string('9', 64), new string('A', 64), RandomNumberGenerator.GetString(alphabet, 64) })
        {
            Assert.Equal(48, BlindIndexKeySecret.ToKey("{\"key\":\"" + generated + "\"}", Setting, Description).Length);
        }
    }

    [Theory]
    [InlineData("not base64 at all!", "not valid base64")]
    [InlineData("c2hvcnQta2V5", "decodes to 9 bytes")]
    [InlineData("{\"key\":\"c2hvcnQta2V5\"}", "decodes to 9 bytes")]
    [InlineData("{\"key\":c2hvcnQta2V5}", "not valid JSON")]
    [InlineData("{\"secret\":\"c2hvcnQta2V5\"}", "without a \"key\" string")]
    [InlineData("{\"key\":\"\"}", "without a \"key\" string")]
    public void ToKey_InvalidSecret_NamesTheSecretAndSettingButNeverTheValue(string secret, string says)
    {
        var error = Assert.Throws<ConfigurationException>(() => BlindIndexKeySecret.ToKey(secret, Setting, Description));

        Assert.Equal(Setting, error.Setting);
        Assert.Contains(Description, error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQta2V5", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not base64 at all", error.Message, StringComparison.Ordinal);
    }
}
