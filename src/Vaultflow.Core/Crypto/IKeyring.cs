namespace Vaultflow.Core.Crypto;

/// <summary>
/// Produces and unwraps data keys. Implementations: a raw AES keyring (a key the user holds) and
/// the AWS KMS keyring in Vaultflow.Aws. The encryption context is authenticated by the keyring:
/// unwrapping with a different context must fail.
/// </summary>
public interface IKeyring
{
    /// <summary>The wrapping key's identifier as written into ciphertexts (a KMS key ARN or a raw key name).</summary>
    string KeyId { get; }

    /// <summary>Creates a fresh 256-bit data key, returned both in plaintext and wrapped.</summary>
    Task<DataKey> GenerateDataKeyAsync(EncryptionContext context, CancellationToken cancellationToken);

    /// <summary>Unwraps a data key previously produced for <paramref name="keyId"/> under the same context.</summary>
    /// <exception cref="Errors.DecryptionFailedException">Wrong key, wrong context or tampered bytes.</exception>
    /// <exception cref="Errors.TransientException">The key service throttled or was unreachable.</exception>
    Task<byte[]> DecryptDataKeyAsync(string keyId, ReadOnlyMemory<byte> encryptedDataKey, EncryptionContext context, CancellationToken cancellationToken);
}
