using System.Security.Cryptography;
using Vaultflow.Aws.Secrets;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Errors;

namespace Vaultflow.IntegrationTests.Secrets;

/// <summary>The rotation form of the blind-index key secret, {"key":"new","previous":"old"} (no I/O).</summary>
public sealed class BlindIndexKeySetSecretTests
{
    private const string Setting = SettingNames.BlindIndexKeySecretId;
    private const string Description = "secret 'vaultflow/blind-index'";

    [Fact]
    public void ToKeys_JsonWithKeyAndPrevious_IsBothKeys()
    {
        var current = RandomNumberGenerator.GetBytes(32);
        var previous = RandomNumberGenerator.GetBytes(48);

        var (key, old) = BlindIndexKeySecret.ToKeys(Json(current, previous), Setting, Description);

        Assert.Equal(current, key);
        Assert.Equal(previous, old);
    }

    [Theory]
    [InlineData("{\"key\":\"KEY\"}")]
    [InlineData("{\"key\":\"KEY\",\"previous\":\"\"}")]
    [InlineData("{\"key\":\"KEY\",\"previous\":null}")]
    [InlineData("KEY")]
    public void ToKeys_NoPreviousOrAnEmptyOne_IsTheCurrentKeyAlone(string template)
    {
        var current = RandomNumberGenerator.GetBytes(32);

        var (key, old) = BlindIndexKeySecret.ToKeys(template.Replace("KEY", Convert.ToBase64String(current), StringComparison.Ordinal), Setting, Description);

        Assert.Equal(current, key);
        Assert.Null(old);
    }

    [Theory]
    [InlineData("c2hvcnQta2V5", "decodes to 9 bytes")]
    [InlineData("not base64 at all!", "not valid base64")]
    public void ToKeys_PreviousNotAKey_SaysPreviousAndNamesTheSecretButNeverTheValue(string previous, string says)
    {
        var current = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var error = Assert.Throws<ConfigurationException>(() => BlindIndexKeySecret.ToKeys($"{{\"key\":\"{current}\",\"previous\":\"{previous}\"}}", Setting, Description));

        Assert.Equal(Setting, error.Setting);
        Assert.Contains("previous", error.Message, StringComparison.Ordinal);
        Assert.Contains(Description, error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(previous, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(current, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToKey_RotationJson_IsTheCurrentKey()
    {
        var current = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(current, BlindIndexKeySecret.ToKey(Json(current, RandomNumberGenerator.GetBytes(32)), Setting, Description));
    }

    [Fact]
    public async Task LoadKeySetAsync_RotationSecret_IndexesUnderTheNewKeyAndSearchesUnderBoth()
    {
        var current = RandomNumberGenerator.GetBytes(32);
        var previous = RandomNumberGenerator.GetBytes(32);
        using var expectedNew = new BlindIndexer(current);
        using var expectedOld = new BlindIndexer(previous);

        using var keys = await BlindIndexKeySecret.LoadKeySetAsync(new FixedSecret(Json(current, previous)));

        Assert.Equal(expectedNew.Compute("email", "a@b.com"), keys.Current.Compute("email", "a@b.com"));
        Assert.Equal([expectedNew.Compute("email", "a@b.com"), expectedOld.Compute("email", "a@b.com")], keys.ComputeAll("email", "a@b.com"));
    }

    private static string Json(byte[] current, byte[] previous) =>
        $"{{\"key\":\"{Convert.ToBase64String(current)}\",\"previous\":\"{Convert.ToBase64String(previous)}\"}}";

    private sealed class FixedSecret(string value) : ISecretSource
    {
        public string Setting => SettingNames.BlindIndexKeySecretId;

        public string Description => BlindIndexKeySetSecretTests.Description;

        public Task<string> GetSecretStringAsync(CancellationToken cancellationToken = default) => Task.FromResult(value);
    }
}
