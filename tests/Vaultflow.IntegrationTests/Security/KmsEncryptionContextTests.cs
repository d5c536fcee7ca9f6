using Vaultflow.Aws.Kms;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Errors;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Kms;
using Vaultflow.IntegrationTests.Workflow;
using Vaultflow.Local.Kms;

namespace Vaultflow.IntegrationTests.Security;

/// <summary>
/// A record persisted under the KMS keyring (local KMS, real AWS SDK client) decrypts only under the
/// encryption context it was written with: KMS itself refuses the data key otherwise.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class KmsEncryptionContextTests(PostgresFixture postgres) : IAsyncLifetime
{
    private LocalKmsServer _kms = null!;
    private KmsKeyring _keyring = null!;
    private WorkflowHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _kms = await LocalKmsFixture.StartServerAsync();
        _keyring = new KmsKeyring(LocalKmsFixture.CreateClient(_kms, maxErrorRetry: 0), new KmsKeyringOptions { KeyId = LocalKmsFixture.Alias });
        _harness = new WorkflowHarness(postgres.App, _keyring);
    }

    public async Task DisposeAsync()
    {
        _harness.Dispose();
        await _kms.DisposeAsync();
    }

    [Theory]
    [InlineData("vaultflow-test", "exports")]
    [InlineData("other-application", "record")]
    [InlineData("vaultflow-test ", "record")]
    public async Task Decrypt_StoredRecordUnderAnotherEncryptionContext_KmsRefusesAsUnwrapFailed(string application, string purpose)
    {
        var output = await _harness.RunAsync(
            WorkflowHarness.StarterInput("{\"type\":\"p\",\"data\":{\"n\":1}}", Guid.NewGuid().ToString()),
            WorkflowHarness.NewExecutionName());
        var stored = (await _harness.Store.GetByIdAsync(output!.RecordId, CancellationToken.None))!;
        var binding = new RecordBinding(stored.Id, stored.IdempotencyKey);

        // Fresh providers without a cache: every decrypt asks KMS.
        using var wrongKeys = new CachingDataKeyProvider(_keyring, DataKeyCacheOptions.Disabled);
        var wrong = new EnvelopeEncryptor(wrongKeys, EncryptionContext.ForApplication(application, purpose));
        using var rightKeys = new CachingDataKeyProvider(_keyring, DataKeyCacheOptions.Disabled);
        var right = new EnvelopeEncryptor(rightKeys, EncryptionContext.ForApplication("vaultflow-test", "record"));

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => wrong.DecryptAsync(stored.Ciphertext, binding, CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.UnwrapFailed, error.Reason);
        Assert.Contains("encryption context", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
        Assert.Equal(1, wrongKeys.Statistics.KeyServiceCalls);
        Assert.NotEmpty(await right.DecryptAsync(stored.Ciphertext, binding, CancellationToken.None));
        Assert.Equal(1, rightKeys.Statistics.KeyServiceCalls);
    }
}
