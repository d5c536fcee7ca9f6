using System.Security.Cryptography;
using System.Text;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Tests.Crypto.Fakes;

namespace Vaultflow.Core.Tests.Crypto;

public sealed class EnvelopeEncryptorTests : IDisposable
{
    private static readonly RecordBinding Binding = new(Guid.Parse("6f1c2a4e-0b7d-4c1e-9a51-3d2f8e7b6a10"), "order-42");
    private readonly CachingDataKeyProvider _keys = new(TestKeys.Keyring(), new DataKeyCacheOptions());
    private readonly EnvelopeEncryptor _encryptor;

    public EnvelopeEncryptorTests() => _encryptor = new EnvelopeEncryptor(_keys, TestKeys.Context());

    public void Dispose() => _keys.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(64 * 1024)]
    public async Task EncryptAsync_ThenDecrypt_ReturnsPlaintext(int size)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);

        var ciphertext = await _encryptor.EncryptAsync(plaintext, Binding, EncryptOptions.Default, CancellationToken.None);
        var decrypted = await _encryptor.DecryptAsync(ciphertext, Binding, CancellationToken.None);

        Assert.Equal(plaintext, decrypted);
        Assert.Equal(HeaderLength() + 32 + 12 + 16 + size, ciphertext.Length);
    }

    [Fact]
    public async Task EncryptAsync_SamePlaintextTwice_CiphertextsDiffer()
    {
        var plaintext = "same"u8.ToArray();

        var first = await _encryptor.EncryptAsync(plaintext, Binding, EncryptOptions.Default, CancellationToken.None);
        var second = await _encryptor.EncryptAsync(plaintext, Binding, EncryptOptions.Default, CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(plaintext, await _encryptor.DecryptAsync(second, Binding, CancellationToken.None));
    }

    [Fact]
    public async Task DecryptAsync_AnyBitFlippedAnywhere_ThrowsWithRegionReason()
    {
        var ciphertext = await _encryptor.EncryptAsync(Encoding.UTF8.GetBytes("{\"email\":\"a@b.com\"}"), Binding, EncryptOptions.Default, CancellationToken.None);
        var keyIdLength = (ciphertext[2] << 8) | ciphertext[3];

        for (var index = 0; index < ciphertext.Length; index++)
        {
            foreach (var bit in new[] { 0x01, 0x80 })
            {
                var tampered = (byte[])ciphertext.Clone();
                tampered[index] ^= (byte)bit;

                var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => _encryptor.DecryptAsync(tampered, Binding, CancellationToken.None));

                var expected = index switch
                {
                    0 => [DecryptionFailureReasons.UnsupportedVersion],
                    1 => [DecryptionFailureReasons.UnsupportedSuite],
                    2 or 3 => new[] { DecryptionFailureReasons.Truncated, DecryptionFailureReasons.Malformed, DecryptionFailureReasons.WrongKey },
                    _ when index < 4 + keyIdLength => [DecryptionFailureReasons.WrongKey, DecryptionFailureReasons.Malformed],
                    _ when index < 6 + keyIdLength => [DecryptionFailureReasons.Truncated, DecryptionFailureReasons.Malformed, DecryptionFailureReasons.UnwrapFailed],
                    _ when index < 6 + keyIdLength + 61 => [DecryptionFailureReasons.UnwrapFailed],
                    _ => [DecryptionFailureReasons.TamperedOrWrongBinding],
                };
                Assert.True(expected.Contains(error.Reason), $"byte {index} bit 0x{bit:x2}: reason {error.Reason}");
            }
        }
    }

    [Fact]
    public async Task DecryptAsync_OtherRecordId_ThrowsTamperedOrWrongBinding()
    {
        var ciphertext = await _encryptor.EncryptAsync("row"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(
            () => _encryptor.DecryptAsync(ciphertext, Binding.WithRecordId(Guid.NewGuid()), CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.TamperedOrWrongBinding, error.Reason);
    }

    [Fact]
    public async Task DecryptAsync_OtherIdempotencyKey_ThrowsTamperedOrWrongBinding()
    {
        var ciphertext = await _encryptor.EncryptAsync("row"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(
            () => _encryptor.DecryptAsync(ciphertext, new RecordBinding(Binding.RecordId, "order-43"), CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.TamperedOrWrongBinding, error.Reason);
    }

    [Fact]
    public async Task DecryptAsync_SwappedRows_BothFail()
    {
        var bindingA = new RecordBinding(Guid.NewGuid(), "a");
        var bindingB = new RecordBinding(Guid.NewGuid(), "b");
        var rowA = await _encryptor.EncryptAsync("A"u8.ToArray(), bindingA, EncryptOptions.Default, CancellationToken.None);
        var rowB = await _encryptor.EncryptAsync("B"u8.ToArray(), bindingB, EncryptOptions.Default, CancellationToken.None);

        await Assert.ThrowsAsync<DecryptionFailedException>(() => _encryptor.DecryptAsync(rowB, bindingA, CancellationToken.None));
        await Assert.ThrowsAsync<DecryptionFailedException>(() => _encryptor.DecryptAsync(rowA, bindingB, CancellationToken.None));
    }

    [Fact]
    public async Task DecryptAsync_WrongEncryptionContext_ThrowsUnwrapFailed()
    {
        var ciphertext = await _encryptor.EncryptAsync("row"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);
        var otherPurpose = new EnvelopeEncryptor(_keys, TestKeys.Context("exports"));

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => otherPurpose.DecryptAsync(ciphertext, Binding, CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.UnwrapFailed, error.Reason);
    }

    [Fact]
    public async Task DecryptAsync_WrappingKeyWithSameNameButOtherMaterial_ThrowsUnwrapFailed()
    {
        var ciphertext = await _encryptor.EncryptAsync("row"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);
        using var otherKeys = new CachingDataKeyProvider(TestKeys.Keyring("test", 0x22), new DataKeyCacheOptions());

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(
            () => new EnvelopeEncryptor(otherKeys, TestKeys.Context()).DecryptAsync(ciphertext, Binding, CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.UnwrapFailed, error.Reason);
    }

    [Fact]
    public async Task DecryptAsync_KeyringWithOtherName_ThrowsWrongKey()
    {
        var ciphertext = await _encryptor.EncryptAsync("row"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);
        using var otherKeys = new CachingDataKeyProvider(TestKeys.Keyring("other"), new DataKeyCacheOptions());

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(
            () => new EnvelopeEncryptor(otherKeys, TestKeys.Context()).DecryptAsync(ciphertext, Binding, CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.WrongKey, error.Reason);
    }

    [Fact]
    public async Task DecryptAsync_EveryTruncatedLength_ThrowsDecryptionFailed()
    {
        var ciphertext = await _encryptor.EncryptAsync("truncate me"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);

        for (var length = 0; length < ciphertext.Length; length++)
        {
            var prefix = ciphertext.AsMemory(0, length);
            var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => _encryptor.DecryptAsync(prefix, Binding, CancellationToken.None));
            var expected = length < ciphertext.Length - 11 ? DecryptionFailureReasons.Truncated : DecryptionFailureReasons.TamperedOrWrongBinding;
            Assert.True(error.Reason == expected, $"length {length}: reason {error.Reason}");
        }
    }

    [Fact]
    public async Task DecryptAsync_ExtraTrailingByte_ThrowsTamperedOrWrongBinding()
    {
        var ciphertext = await _encryptor.EncryptAsync("row"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => _encryptor.DecryptAsync(ciphertext.Append((byte)0).ToArray(), Binding, CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.TamperedOrWrongBinding, error.Reason);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x02)]
    [InlineData(0xFF)]
    public async Task DecryptAsync_UnsupportedVersion_ThrowsUnsupportedVersion(byte version)
    {
        var ciphertext = await _encryptor.EncryptAsync("row"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);
        ciphertext[0] = version;

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => _encryptor.DecryptAsync(ciphertext, Binding, CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.UnsupportedVersion, error.Reason);
        Assert.Contains(version.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAsync_UnsupportedSuite_ThrowsUnsupportedSuite()
    {
        var ciphertext = await _encryptor.EncryptAsync("row"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);
        ciphertext[1] = 0x02;

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => _encryptor.DecryptAsync(ciphertext, Binding, CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.UnsupportedSuite, error.Reason);
    }

    [Fact]
    public async Task DecryptAsync_ZeroKeyIdLength_ThrowsMalformed()
    {
        var ciphertext = await _encryptor.EncryptAsync("row"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);
        ciphertext[2] = 0;
        ciphertext[3] = 0;

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => _encryptor.DecryptAsync(ciphertext, Binding, CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.Malformed, error.Reason);
    }

    [Fact]
    public async Task DecryptAsync_KeyIdNotUtf8_ThrowsMalformed()
    {
        var ciphertext = await _encryptor.EncryptAsync("row"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);
        ciphertext[4] = 0xFF;

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => _encryptor.DecryptAsync(ciphertext, Binding, CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.Malformed, error.Reason);
    }

    [Fact]
    public async Task ReadKeyId_Ciphertext_ReturnsKeyringKeyIdWithoutDecrypting()
    {
        var ciphertext = await _encryptor.EncryptAsync("row"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);

        var header = EnvelopeHeader.Read(ciphertext);

        Assert.Equal("raw-aes:test", EnvelopeEncryptor.ReadKeyId(ciphertext));
        Assert.Equal(1, header.Version);
        Assert.Equal(1, header.SuiteId);
        Assert.Equal("raw-aes:test", header.KeyId);
        Assert.Equal(61, header.EncryptedDataKey.Length);
    }

    [Fact]
    public void ReadKeyId_Truncated_ThrowsTruncated()
    {
        var error = Assert.Throws<DecryptionFailedException>(() => EnvelopeEncryptor.ReadKeyId([0x01, 0x01, 0x00]));

        Assert.Equal(DecryptionFailureReasons.Truncated, error.Reason);
    }

    [Fact]
    public async Task DecryptAsync_FailureMessage_ContainsNoPlaintext()
    {
        var ciphertext = await _encryptor.EncryptAsync("secret-value-123"u8.ToArray(), Binding, EncryptOptions.Default, CancellationToken.None);
        ciphertext[^1] ^= 1;

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => _encryptor.DecryptAsync(ciphertext, Binding, CancellationToken.None));

        Assert.DoesNotContain("secret-value-123", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(ErrorTypes.DecryptionFailed, error.ErrorType);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public void RecordBinding_EmptyIdOrKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RecordBinding(Guid.Empty, "k"));
        Assert.Throws<ArgumentException>(() => new RecordBinding(Guid.NewGuid(), ""));
    }

    private static int HeaderLength() => 1 + 1 + 2 + "raw-aes:test".Length + 2 + 61;
}

internal static class RecordBindingExtensions
{
    public static RecordBinding WithRecordId(this RecordBinding binding, Guid recordId) => new(recordId, binding.IdempotencyKey);
}
