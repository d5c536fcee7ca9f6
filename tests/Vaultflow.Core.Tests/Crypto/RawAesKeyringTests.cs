using System.Text;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.Keyrings;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Tests.Crypto.Fakes;

namespace Vaultflow.Core.Tests.Crypto;

public sealed class RawAesKeyringTests
{
    private const string Variable = "VF_TEST_RAW_KEY";
    private const string KeyFile = "/etc/vaultflow/raw.key";
    private readonly FakeKeyMaterialEnvironment _environment = new();

    [Fact]
    public async Task Load_FromEnvironmentVariable_WrapsAndUnwraps()
    {
        _environment.Variables[Variable] = "  " + Convert.ToBase64String(TestKeys.Key(0x42)) + "\n";
        using var keyring = RawAesKeyring.Load(new RawAesKeyringOptions("primary", KeyMaterialSource.FromEnvironment(Variable)), _environment);

        using var dataKey = await keyring.GenerateDataKeyAsync(TestKeys.Context(), CancellationToken.None);
        var unwrapped = await keyring.DecryptDataKeyAsync(dataKey.KeyId, dataKey.Encrypted, TestKeys.Context(), CancellationToken.None);

        Assert.Equal("raw-aes:primary", keyring.KeyId);
        Assert.Equal("raw-aes:primary", dataKey.KeyId);
        Assert.Equal(dataKey.Plaintext.ToArray(), unwrapped);
    }

    [Fact]
    public async Task Load_FromFile_SameKeyAsEnvironment()
    {
        var base64 = Convert.ToBase64String(TestKeys.Key(0x42));
        _environment.Variables[Variable] = base64;
        _environment.Files[KeyFile] = Encoding.UTF8.GetBytes(base64 + "\n");
        using var fromVariable = RawAesKeyring.Load(new RawAesKeyringOptions("primary", KeyMaterialSource.FromEnvironment(Variable)), _environment);
        using var fromFile = RawAesKeyring.Load(new RawAesKeyringOptions("primary", KeyMaterialSource.FromFile(KeyFile)), _environment);

        using var dataKey = await fromVariable.GenerateDataKeyAsync(TestKeys.Context(), CancellationToken.None);
        var unwrapped = await fromFile.DecryptDataKeyAsync(dataKey.KeyId, dataKey.Encrypted, TestKeys.Context(), CancellationToken.None);

        Assert.Equal(dataKey.Plaintext.ToArray(), unwrapped);
    }

    [Fact]
    public void Load_VariableMissing_NamesVariableAndRemedy()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(KeyMaterialSource.FromEnvironment(Variable)));

        Assert.Equal(Variable, error.Setting);
        Assert.Contains(Variable, error.Message, StringComparison.Ordinal);
        Assert.Contains("not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadBase64_NamesVariableWithoutEchoingValue()
    {
        _environment.Variables[Variable] = "not*base64!secretish";

        var error = Assert.Throws<ConfigurationException>(() => Load(KeyMaterialSource.FromEnvironment(Variable)));

        Assert.Equal(Variable, error.Setting);
        Assert.Contains("not valid base64", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secretish", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Load_WrongLength_SaysActualAndRequiredLength(int length)
    {
        _environment.Variables[Variable] = Convert.ToBase64String(TestKeys.Key(0x01, length));

        var error = Assert.Throws<ConfigurationException>(() => Load(KeyMaterialSource.FromEnvironment(Variable)));

        Assert.Contains($"decodes to {length} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("exactly 32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileMissing_NamesFileAndRemedy()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(KeyMaterialSource.FromFile(KeyFile)));

        Assert.Equal(KeyFile, error.Setting);
        Assert.Contains($"{KeyFile} does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileUnreadable_NamesFile()
    {
        _environment.Unreadable.Add(KeyFile);

        var error = Assert.Throws<ConfigurationException>(() => Load(KeyMaterialSource.FromFile(KeyFile)));

        Assert.Equal(KeyFile, error.Setting);
        Assert.Contains("could not be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileHoldsRawBinary_SaysBase64Expected()
    {
        _environment.Files[KeyFile] = Enumerable.Repeat((byte)0xFE, 32).ToArray();

        var error = Assert.Throws<ConfigurationException>(() => Load(KeyMaterialSource.FromFile(KeyFile)));

        Assert.Contains("not base64 text", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(Variable, KeyFile)]
    public void Load_NeitherOrBothSources_Throws(string? variable, string? file)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(new KeyMaterialSource(variable, file)));

        Assert.Contains("exactly one place", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptDataKeyAsync_WrongContext_ThrowsUnwrapFailed()
    {
        using var keyring = TestKeys.Keyring();
        using var dataKey = await keyring.GenerateDataKeyAsync(TestKeys.Context("a"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(
            () => keyring.DecryptDataKeyAsync(dataKey.KeyId, dataKey.Encrypted, TestKeys.Context("b"), CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.UnwrapFailed, error.Reason);
    }

    [Fact]
    public async Task DecryptDataKeyAsync_OtherKeyId_ThrowsWrongKeyNamingBoth()
    {
        using var keyring = TestKeys.Keyring();
        using var dataKey = await keyring.GenerateDataKeyAsync(TestKeys.Context(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(
            () => keyring.DecryptDataKeyAsync("raw-aes:elsewhere", dataKey.Encrypted, TestKeys.Context(), CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.WrongKey, error.Reason);
        Assert.Contains("raw-aes:elsewhere", error.Message, StringComparison.Ordinal);
        Assert.Contains("raw-aes:test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateDataKeyAsync_TwoCalls_DifferentKeys()
    {
        using var keyring = TestKeys.Keyring();

        using var a = await keyring.GenerateDataKeyAsync(TestKeys.Context(), CancellationToken.None);
        using var b = await keyring.GenerateDataKeyAsync(TestKeys.Context(), CancellationToken.None);

        Assert.NotEqual(a.Plaintext.ToArray(), b.Plaintext.ToArray());
        Assert.NotEqual(a.Encrypted, b.Encrypted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("colon:inside")]
    public void Constructor_InvalidName_Throws(string name) =>
        Assert.ThrowsAny<ArgumentException>(() => new RawAesKeyring(name, TestKeys.Key(1)));

    [Fact]
    public async Task GenerateDataKeyAsync_AfterDispose_ThrowsInsteadOfUsingZeroKey()
    {
        var keyring = TestKeys.Keyring();
        keyring.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => keyring.GenerateDataKeyAsync(TestKeys.Context(), CancellationToken.None));
    }

    private RawAesKeyring Load(KeyMaterialSource source) => RawAesKeyring.Load(new RawAesKeyringOptions("primary", source), _environment);
}
