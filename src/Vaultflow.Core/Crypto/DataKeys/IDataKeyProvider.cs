namespace Vaultflow.Core.Crypto.DataKeys;

/// <summary>
/// Where <see cref="Envelope.EnvelopeEncryptor"/> gets data keys: a keyring, usually behind the
/// <see cref="CachingDataKeyProvider"/>. Every key handed out is the caller's own copy: the caller
/// zeroes it (dispose / <see cref="System.Security.Cryptography.CryptographicOperations.ZeroMemory"/>).
/// </summary>
public interface IDataKeyProvider
{
    /// <summary>A data key to encrypt one record of <paramref name="plaintextLength"/> bytes under <paramref name="context"/>.</summary>
    /// <param name="context">The fixed per-application, per-purpose encryption context.</param>
    /// <param name="plaintextLength">The record's size, counted against the cache's byte budget.</param>
    /// <param name="bypassCache">Fetch a fresh key from the keyring and leave the cache untouched (retry attempts).</param>
    /// <param name="cancellationToken">Cancels waiting for the keyring.</param>
    Task<DataKey> GetEncryptionKeyAsync(EncryptionContext context, long plaintextLength, bool bypassCache, CancellationToken cancellationToken);

    /// <summary>The plaintext data key for a wrapped key read from a ciphertext header; the caller zeroes the returned array.</summary>
    /// <exception cref="Errors.DecryptionFailedException">Wrong key, wrong context or altered wrapped key.</exception>
    Task<byte[]> GetDecryptionKeyAsync(string keyId, ReadOnlyMemory<byte> encryptedDataKey, EncryptionContext context, CancellationToken cancellationToken);
}
