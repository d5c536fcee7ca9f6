using System.Security.Cryptography;
using Vaultflow.Local.Kms.Crypto;
using Vaultflow.Local.Kms.Keys;
using Vaultflow.Local.Kms.Protocol;

namespace Vaultflow.Local.Kms.Operations;

/// <summary>Encrypt, Decrypt and ReEncrypt.</summary>
internal sealed class CipherOperations(KeyStore store)
{
    public EncryptResponse Encrypt(EncryptRequest request)
    {
        var key = store.Resolve(request.KeyId);
        if (request.Plaintext is not { Length: >= 1 and <= KeyWrapper.MaxPlaintextSize })
        {
            throw new KmsErrorException(KmsErrorCodes.Validation, $"1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length between 1 and {KeyWrapper.MaxPlaintextSize}");
        }

        KmsOperationGuards.EnsureSymmetricAlgorithm(request.EncryptionAlgorithm, "EncryptionAlgorithm");
        KmsOperationGuards.EnsureEnabled(key, store);
        KmsOperationGuards.ThrowIfDryRun(request.DryRun);
        return new EncryptResponse
        {
            CiphertextBlob = KeyWrapper.Seal(key, request.Plaintext, request.EncryptionContext),
            KeyId = store.KeyArn(key.Id),
            EncryptionAlgorithm = KmsOperationGuards.SymmetricDefault,
        };
    }

    /// <summary>The caller zeroes <see cref="DecryptResponse.Plaintext"/> once it is written out.</summary>
    public DecryptResponse Decrypt(DecryptRequest request)
    {
        KmsOperationGuards.EnsureSymmetricAlgorithm(request.EncryptionAlgorithm, "EncryptionAlgorithm");
        var (key, plaintext) = Open(request.CiphertextBlob, request.KeyId, request.EncryptionContext, request.DryRun);
        return new DecryptResponse
        {
            KeyId = store.KeyArn(key.Id),
            Plaintext = plaintext,
            EncryptionAlgorithm = KmsOperationGuards.SymmetricDefault,
        };
    }

    public ReEncryptResponse ReEncrypt(ReEncryptRequest request)
    {
        KmsOperationGuards.EnsureSymmetricAlgorithm(request.SourceEncryptionAlgorithm, "SourceEncryptionAlgorithm");
        KmsOperationGuards.EnsureSymmetricAlgorithm(request.DestinationEncryptionAlgorithm, "DestinationEncryptionAlgorithm");
        var destination = store.Resolve(request.DestinationKeyId);
        KmsOperationGuards.EnsureEnabled(destination, store);
        var (source, plaintext) = Open(request.CiphertextBlob, request.SourceKeyId, request.SourceEncryptionContext, request.DryRun);
        try
        {
            return new ReEncryptResponse
            {
                CiphertextBlob = KeyWrapper.Seal(destination, plaintext, request.DestinationEncryptionContext),
                KeyId = store.KeyArn(destination.Id),
                SourceKeyId = store.KeyArn(source.Id),
                SourceEncryptionAlgorithm = KmsOperationGuards.SymmetricDefault,
                DestinationEncryptionAlgorithm = KmsOperationGuards.SymmetricDefault,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    // The blob names its key, so KeyId is optional as in KMS; when given, it must be that key.
    private (LocalKey Key, byte[] Plaintext) Open(byte[]? ciphertext, string? expectedKeyId, IReadOnlyDictionary<string, string>? context, bool? dryRun)
    {
        var blob = CiphertextBlob.Parse(ciphertext);
        var expected = expectedKeyId is null ? null : store.Resolve(expectedKeyId);
        if (expected is not null && expected.Id != blob.KeyId)
        {
            throw new KmsErrorException(KmsErrorCodes.IncorrectKey, "The key ID in the request does not identify a KMS key that can perform this operation: the ciphertext was encrypted under a different key.");
        }

        var key = store.Find(blob.KeyId)
            ?? throw new KmsErrorException(KmsErrorCodes.InvalidCiphertext, "The ciphertext refers to a key this local KMS does not have (another key store, or the key store file was replaced).");
        KmsOperationGuards.EnsureEnabled(key, store);
        var plaintext = KeyWrapper.Open(key, blob, context);
        if (dryRun == true)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            KmsOperationGuards.ThrowIfDryRun(dryRun);
        }

        return (key, plaintext);
    }
}
