using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Vaultflow.IntegrationTests.Kms;

/// <summary>The KMS API as the real SDK client sees it, without the keyring in between.</summary>
[Collection(LocalKmsCollection.Name)]
public sealed class LocalKmsApiTests(LocalKmsFixture kms)
{
    private static readonly Dictionary<string, string> ContextA = new() { ["tenant"] = "a", ["purpose"] = "tests" };
    private static readonly Dictionary<string, string> ContextB = new() { ["tenant"] = "b" };

    [Fact]
    public async Task EncryptThenDecrypt_WithoutKeyId_RoundTripsAndNamesTheKey()
    {
        var keyArn = await kms.CreateKeyAsync();
        var secret = Encoding.UTF8.GetBytes("a small secret");
        var encrypted = await kms.Client.EncryptAsync(new EncryptRequest { KeyId = keyArn, Plaintext = new MemoryStream(secret), EncryptionContext = ContextA });

        var decrypted = await kms.Client.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob, EncryptionContext = ContextA });

        Assert.Equal(secret, decrypted.Plaintext.ToArray());
        Assert.Equal(keyArn, encrypted.KeyId);
        Assert.Equal(keyArn, decrypted.KeyId);
        Assert.Equal(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, decrypted.EncryptionAlgorithm);
    }

    [Fact]
    public async Task Decrypt_MissingOrDifferentContext_ThrowsInvalidCiphertext()
    {
        var keyArn = await kms.CreateKeyAsync();
        var encrypted = await kms.Client.EncryptAsync(new EncryptRequest { KeyId = keyArn, Plaintext = new MemoryStream([1, 2, 3]), EncryptionContext = ContextA });
        var reordered = new Dictionary<string, string> { ["purpose"] = "tests", ["tenant"] = "a" };

        await Assert.ThrowsAsync<InvalidCiphertextException>(() => kms.Client.DecryptAsync(new DecryptRequest { CiphertextBlob = Copy(encrypted.CiphertextBlob) }));
        await Assert.ThrowsAsync<InvalidCiphertextException>(() => kms.Client.DecryptAsync(new DecryptRequest { CiphertextBlob = Copy(encrypted.CiphertextBlob), EncryptionContext = ContextB }));
        var decrypted = await kms.Client.DecryptAsync(new DecryptRequest { CiphertextBlob = Copy(encrypted.CiphertextBlob), EncryptionContext = reordered });
        Assert.Equal([1, 2, 3], decrypted.Plaintext.ToArray());
    }

    [Fact]
    public async Task ReEncrypt_ToAnotherKeyAndContext_DecryptsOnlyUnderTheNewKeyAndContext()
    {
        var sourceArn = await kms.CreateKeyAsync("source");
        var destinationArn = await kms.CreateKeyAsync("destination");
        var encrypted = await kms.Client.EncryptAsync(new EncryptRequest { KeyId = sourceArn, Plaintext = new MemoryStream([9, 8, 7]), EncryptionContext = ContextA });

        var reEncrypted = await kms.Client.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = encrypted.CiphertextBlob,
            SourceEncryptionContext = ContextA,
            DestinationKeyId = destinationArn,
            DestinationEncryptionContext = ContextB,
        });

        Assert.Equal(sourceArn, reEncrypted.SourceKeyId);
        Assert.Equal(destinationArn, reEncrypted.KeyId);
        var decrypted = await kms.Client.DecryptAsync(new DecryptRequest { CiphertextBlob = Copy(reEncrypted.CiphertextBlob), EncryptionContext = ContextB });
        Assert.Equal([9, 8, 7], decrypted.Plaintext.ToArray());
        Assert.Equal(destinationArn, decrypted.KeyId);
        await Assert.ThrowsAsync<IncorrectKeyException>(() => kms.Client.DecryptAsync(new DecryptRequest { CiphertextBlob = Copy(reEncrypted.CiphertextBlob), KeyId = sourceArn, EncryptionContext = ContextB }));
        await Assert.ThrowsAsync<InvalidCiphertextException>(() => kms.Client.DecryptAsync(new DecryptRequest { CiphertextBlob = Copy(reEncrypted.CiphertextBlob), EncryptionContext = ContextA }));
    }

    [Fact]
    public async Task CreateAlias_ThenEveryKeyReferenceForm_ResolvesToTheSameKey()
    {
        var keyArn = await kms.CreateKeyAsync("aliased");
        var keyId = keyArn[(keyArn.LastIndexOf('/') + 1)..];
        var alias = $"alias/test-{Guid.NewGuid():N}";
        await kms.Client.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = keyId });

        foreach (var reference in new[] { keyArn, keyId, alias, $"arn:aws:kms:us-east-1:000000000000:{alias}" })
        {
            var described = await kms.Client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = reference });
            Assert.Equal(keyArn, described.KeyMetadata.Arn);
            Assert.Equal(keyId, described.KeyMetadata.KeyId);
            Assert.Equal(KeyState.Enabled, described.KeyMetadata.KeyState);
        }

        var generated = await kms.Client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = alias, KeySpec = DataKeySpec.AES_256 });
        Assert.Equal(keyArn, generated.KeyId);
        var listed = await kms.Client.ListAliasesAsync(new ListAliasesRequest { KeyId = keyArn });
        var entry = Assert.Single(listed.Aliases);
        Assert.Equal(alias, entry.AliasName);
        Assert.Equal(keyId, entry.TargetKeyId);
        Assert.Equal($"arn:aws:kms:us-east-1:000000000000:{alias}", entry.AliasArn);
    }

    [Fact]
    public async Task CreateAlias_ExistingOrInvalidName_ThrowsLikeKms()
    {
        var keyArn = await kms.CreateKeyAsync();

        await Assert.ThrowsAsync<AlreadyExistsException>(() => kms.Client.CreateAliasAsync(new CreateAliasRequest { AliasName = LocalKmsFixture.Alias, TargetKeyId = keyArn }));
        await Assert.ThrowsAsync<InvalidAliasNameException>(() => kms.Client.CreateAliasAsync(new CreateAliasRequest { AliasName = "no-prefix", TargetKeyId = keyArn }));
        await Assert.ThrowsAsync<InvalidAliasNameException>(() => kms.Client.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/aws/reserved", TargetKeyId = keyArn }));
        await Assert.ThrowsAsync<NotFoundException>(() => kms.Client.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/orphan", TargetKeyId = Guid.NewGuid().ToString() }));
    }

    [Fact]
    public async Task DescribeKey_UnknownKey_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(
            () => kms.Client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = Guid.NewGuid().ToString() }));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Equal("NotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task GenerateDataKey_KeySpecOrNumberOfBytes_ReturnsRequestedLength()
    {
        var aes128 = await kms.Client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = LocalKmsFixture.Alias, KeySpec = DataKeySpec.AES_128 });
        var bytes64 = await kms.Client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = LocalKmsFixture.Alias, NumberOfBytes = 64 });

        Assert.Equal(16, aes128.Plaintext.Length);
        Assert.Equal(64, bytes64.Plaintext.Length);
        var decrypted = await kms.Client.DecryptAsync(new DecryptRequest { CiphertextBlob = bytes64.CiphertextBlob });
        Assert.Equal(bytes64.Plaintext.ToArray(), decrypted.Plaintext.ToArray());
    }

    [Fact]
    public async Task GenerateDataKey_BothOrNeitherSizeGiven_ThrowsValidation()
    {
        var both = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => kms.Client.GenerateDataKeyAsync(
            new GenerateDataKeyRequest { KeyId = LocalKmsFixture.Alias, KeySpec = DataKeySpec.AES_256, NumberOfBytes = 32 }));
        var neither = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => kms.Client.GenerateDataKeyAsync(
            new GenerateDataKeyRequest { KeyId = LocalKmsFixture.Alias }));

        Assert.Equal("ValidationException", both.ErrorCode);
        Assert.Equal("ValidationException", neither.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, both.StatusCode);
    }

    [Fact]
    public async Task GenerateDataKeyWithoutPlaintext_ReturnsOnlyTheWrappedKey_WhichDecryptsTo32Bytes()
    {
        var response = await kms.Client.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest
        {
            KeyId = LocalKmsFixture.Alias,
            KeySpec = DataKeySpec.AES_256,
            EncryptionContext = ContextA,
        });

        var decrypted = await kms.Client.DecryptAsync(new DecryptRequest { CiphertextBlob = response.CiphertextBlob, EncryptionContext = ContextA });
        Assert.Equal(32, decrypted.Plaintext.Length);
        Assert.Equal(response.KeyId, decrypted.KeyId);
    }

    [Fact]
    public async Task Encrypt_PlaintextOver4096Bytes_ThrowsValidation()
    {
        var error = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => kms.Client.EncryptAsync(
            new EncryptRequest { KeyId = LocalKmsFixture.Alias, Plaintext = new MemoryStream(new byte[4097]) }));

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    private static MemoryStream Copy(MemoryStream stream) => new(stream.ToArray());
}
