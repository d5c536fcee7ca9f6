using System.Security.Cryptography;
using Vaultflow.Local.Kms.Crypto;
using Vaultflow.Local.Kms.Keys;
using Vaultflow.Local.Kms.Protocol;

namespace Vaultflow.Local.Kms.Operations;

/// <summary>GenerateDataKey and GenerateDataKeyWithoutPlaintext.</summary>
internal sealed class DataKeyOperations(KeyStore store)
{
    private const int MaxNumberOfBytes = 1024;

    /// <summary>The caller zeroes <see cref="GenerateDataKeyResponse.Plaintext"/> once it is written out.</summary>
    public GenerateDataKeyResponse GenerateDataKey(GenerateDataKeyRequest request, bool withPlaintext)
    {
        var key = store.Resolve(request.KeyId);
        var size = DataKeySize(request);
        KmsOperationGuards.EnsureEnabled(key, store);
        KmsOperationGuards.ThrowIfDryRun(request.DryRun);
        var plaintext = RandomNumberGenerator.GetBytes(size);
        try
        {
            var blob = KeyWrapper.Seal(key, plaintext, request.EncryptionContext);
            return new GenerateDataKeyResponse
            {
                CiphertextBlob = blob,
                KeyId = store.KeyArn(key.Id),
                Plaintext = withPlaintext ? plaintext : null,
            };
        }
        finally
        {
            if (!withPlaintext)
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
    }

    private static int DataKeySize(GenerateDataKeyRequest request)
    {
        return (request.KeySpec, request.NumberOfBytes) switch
        {
            (not null, not null) => throw new KmsErrorException(KmsErrorCodes.Validation, "Please specify either number of bytes or key spec."),
            (null, null) => throw new KmsErrorException(KmsErrorCodes.Validation, "Please specify either number of bytes or key spec."),
            ("AES_256", null) => 32,
            ("AES_128", null) => 16,
            (string spec, null) => throw new KmsErrorException(KmsErrorCodes.Validation, $"1 validation error detected: Value '{spec}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]"),
            (null, int n) when n is >= 1 and <= MaxNumberOfBytes => n,
            (null, int n) => throw new KmsErrorException(KmsErrorCodes.Validation, $"1 validation error detected: Value '{n}' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and {MaxNumberOfBytes}"),
        };
    }
}
