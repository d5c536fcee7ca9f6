using Vaultflow.Aws.Kms;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Errors;

namespace Vaultflow.IntegrationTests.Kms;

[Collection(LocalKmsCollection.Name)]
public sealed class KmsKeyringTests(LocalKmsFixture kms)
{
    private static readonly EncryptionContext Context = EncryptionContext.ForApplication("vaultflow-tests", "records");

    [Fact]
    public async Task GenerateDataKeyAsync_ThenDecryptDataKeyAsync_RoundTripsTheSameKey()
    {
        var keyring = kms.CreateKeyring();
        using var dataKey = await keyring.GenerateDataKeyAsync(Context, CancellationToken.None);

        var unwrapped = await keyring.DecryptDataKeyAsync(dataKey.KeyId, dataKey.Encrypted, Context, CancellationToken.None);

        Assert.Equal(dataKey.Plaintext.ToArray(), unwrapped);
    }

    [Fact]
    public async Task GenerateDataKeyAsync_TwoCalls_Return32ByteKeysThatDiffer()
    {
        var keyring = kms.CreateKeyring();
        using var first = await keyring.GenerateDataKeyAsync(Context, CancellationToken.None);
        using var second = await keyring.GenerateDataKeyAsync(Context, CancellationToken.None);

        var firstKey = await keyring.DecryptDataKeyAsync(first.KeyId, first.Encrypted, Context, CancellationToken.None);
        var secondKey = await keyring.DecryptDataKeyAsync(second.KeyId, second.Encrypted, Context, CancellationToken.None);

        Assert.Equal(32, firstKey.Length);
        Assert.Equal(32, secondKey.Length);
        Assert.NotEqual(firstKey, secondKey);
        Assert.NotEqual(first.Encrypted, second.Encrypted);
    }

    [Fact]
    public async Task GenerateDataKeyAsync_ConfiguredWithAlias_ReportsTheKeyArn()
    {
        var keyring = kms.CreateKeyring(LocalKmsFixture.Alias);
        Assert.Equal(LocalKmsFixture.Alias, keyring.KeyId);

        using var dataKey = await keyring.GenerateDataKeyAsync(Context, CancellationToken.None);

        var described = await kms.Client.DescribeKeyAsync(new Amazon.KeyManagementService.Model.DescribeKeyRequest { KeyId = LocalKmsFixture.Alias });
        Assert.Equal(described.KeyMetadata.Arn, dataKey.KeyId);
        Assert.Equal(described.KeyMetadata.Arn, keyring.KeyId);
        Assert.Matches("^arn:aws:kms:us-east-1:000000000000:key/[0-9a-f-]{36}$", dataKey.KeyId);
    }

    [Fact]
    public async Task DecryptDataKeyAsync_WrongEncryptionContext_ThrowsDecryptionFailed()
    {
        var keyring = kms.CreateKeyring();
        using var dataKey = await keyring.GenerateDataKeyAsync(Context, CancellationToken.None);
        var otherContext = EncryptionContext.ForApplication("vaultflow-tests", "blind-index");

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(
            () => keyring.DecryptDataKeyAsync(dataKey.KeyId, dataKey.Encrypted, otherContext, CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.UnwrapFailed, error.Reason);
        Assert.False(error.IsRetryable);
        Assert.Contains("encryption context", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)] // version
    [InlineData(5)] // key id reference
    [InlineData(20)] // nonce
    [InlineData(35)] // tag
    [InlineData(50)] // ciphertext
    public async Task DecryptDataKeyAsync_TamperedBlob_ThrowsDecryptionFailed(int offset)
    {
        var keyring = kms.CreateKeyring();
        using var dataKey = await keyring.GenerateDataKeyAsync(Context, CancellationToken.None);
        var tampered = dataKey.Encrypted.ToArray();
        tampered[offset] ^= 0x01;

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(
            () => keyring.DecryptDataKeyAsync(dataKey.KeyId, tampered, Context, CancellationToken.None));

        Assert.Contains(error.Reason, new[] { DecryptionFailureReasons.UnwrapFailed, DecryptionFailureReasons.WrongKey });
    }

    [Fact]
    public async Task DecryptDataKeyAsync_TruncatedBlob_ThrowsDecryptionFailed()
    {
        var keyring = kms.CreateKeyring();
        using var dataKey = await keyring.GenerateDataKeyAsync(Context, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(
            () => keyring.DecryptDataKeyAsync(dataKey.KeyId, dataKey.Encrypted.AsMemory(0, 40), Context, CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.UnwrapFailed, error.Reason);
    }

    [Fact]
    public async Task DecryptDataKeyAsync_BlobOfAnotherKey_ThrowsDecryptionFailedWrongKey()
    {
        var otherKeyArn = await kms.CreateKeyAsync("other");
        using var foreign = await kms.CreateKeyring(otherKeyArn).GenerateDataKeyAsync(Context, CancellationToken.None);
        var keyring = kms.CreateKeyring();
        using var own = await keyring.GenerateDataKeyAsync(Context, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(
            () => keyring.DecryptDataKeyAsync(own.KeyId, foreign.Encrypted, Context, CancellationToken.None));

        Assert.Equal("wrong-key", error.Reason);
    }

    [Fact]
    public async Task GenerateDataKeyAsync_UnknownKey_ThrowsConfigurationExceptionNamingTheSetting()
    {
        var unknown = $"arn:aws:kms:us-east-1:000000000000:key/{Guid.NewGuid():D}";
        var keyring = kms.CreateKeyring(unknown);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => keyring.GenerateDataKeyAsync(Context, CancellationToken.None));

        Assert.Equal(KmsEnvironmentVariables.KeyId, error.Setting);
        Assert.Contains("VAULTFLOW_KMS_KEY_ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("NotFoundException", error.Message, StringComparison.Ordinal);
        Assert.Contains(unknown, error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task GenerateDataKeyAsync_UnknownAlias_ThrowsConfigurationException()
    {
        var keyring = kms.CreateKeyring("alias/does-not-exist");

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => keyring.GenerateDataKeyAsync(Context, CancellationToken.None));

        Assert.Equal(KmsEnvironmentVariables.KeyId, error.Setting);
        Assert.Contains("alias/does-not-exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateDataKeyAsync_DisabledKey_ThrowsConfigurationException_AndWorksAgainOnceEnabled()
    {
        var keyArn = await kms.CreateKeyAsync("to disable");
        var keyring = kms.CreateKeyring(keyArn);
        using var before = await keyring.GenerateDataKeyAsync(Context, CancellationToken.None);
        await kms.Client.DisableKeyAsync(new Amazon.KeyManagementService.Model.DisableKeyRequest { KeyId = keyArn });

        var generateError = await Assert.ThrowsAsync<ConfigurationException>(() => keyring.GenerateDataKeyAsync(Context, CancellationToken.None));
        var decryptError = await Assert.ThrowsAsync<ConfigurationException>(() => keyring.DecryptDataKeyAsync(before.KeyId, before.Encrypted, Context, CancellationToken.None));

        Assert.Contains("DisabledException", generateError.Message, StringComparison.Ordinal);
        Assert.Contains("Enable the key", decryptError.Message, StringComparison.Ordinal);
        await kms.Client.EnableKeyAsync(new Amazon.KeyManagementService.Model.EnableKeyRequest { KeyId = keyArn });
        var unwrapped = await keyring.DecryptDataKeyAsync(before.KeyId, before.Encrypted, Context, CancellationToken.None);
        Assert.Equal(before.Plaintext.ToArray(), unwrapped);
    }

    [Fact]
    public async Task GenerateDataKeyAsync_EndpointUnreachable_ThrowsTransient()
    {
        var server = await LocalKmsFixture.StartServerAsync();
        var deadUri = server.Uri;
        await server.DisposeAsync();
        using var client = KmsClientFactory.Create(
            new KmsKeyringOptions { KeyId = LocalKmsFixture.Alias, ServiceUrl = deadUri, Region = "us-east-1", MaxErrorRetry = 0 },
            LocalKmsFixture.Credentials);
        var keyring = new KmsKeyring(client, new KmsKeyringOptions { KeyId = LocalKmsFixture.Alias });

        var error = await Assert.ThrowsAsync<TransientException>(() => keyring.GenerateDataKeyAsync(Context, CancellationToken.None));

        Assert.True(error.IsRetryable);
        Assert.Contains("GenerateDataKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("retryable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateDataKeyAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var keyring = kms.CreateKeyring();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => keyring.GenerateDataKeyAsync(Context, cancelled.Token));
    }
}
