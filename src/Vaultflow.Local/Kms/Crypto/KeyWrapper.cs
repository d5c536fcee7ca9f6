using System.Security.Cryptography;
using Vaultflow.Local.Kms.Keys;
using Vaultflow.Local.Kms.Protocol;

namespace Vaultflow.Local.Kms.Crypto;

/// <summary>AES-256-GCM sealing of plaintexts (data keys, small secrets) under a <see cref="LocalKey"/>.</summary>
internal static class KeyWrapper
{
    /// <summary>The most KMS Encrypt accepts.</summary>
    public const int MaxPlaintextSize = 4096;

    public static byte[] Seal(LocalKey key, ReadOnlySpan<byte> plaintext, IReadOnlyDictionary<string, string>? context)
    {
        var blob = new byte[CiphertextBlob.SizeFor(plaintext.Length)];
        var span = blob.AsSpan();
        CiphertextBlob.WriteHeader(span, key.Id);
        var nonce = span.Slice(CiphertextBlob.HeaderSize, CiphertextBlob.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var aad = EncryptionContextAad.Build(span[..CiphertextBlob.HeaderSize], context);
        using var gcm = new AesGcm(key.Material, CiphertextBlob.TagSize);
        gcm.Encrypt(
            nonce,
            plaintext,
            span[CiphertextBlob.Overhead..],
            span.Slice(CiphertextBlob.HeaderSize + CiphertextBlob.NonceSize, CiphertextBlob.TagSize),
            aad);
        return blob;
    }

    /// <summary>Opens a blob; a wrong key, context or any changed byte is an <c>InvalidCiphertextException</c>.</summary>
    public static byte[] Open(LocalKey key, CiphertextBlob blob, IReadOnlyDictionary<string, string>? context)
    {
        var plaintext = new byte[blob.Ciphertext.Length];
        var aad = EncryptionContextAad.Build(blob.Header, context);
        using var gcm = new AesGcm(key.Material, CiphertextBlob.TagSize);
        try
        {
            gcm.Decrypt(blob.Nonce, blob.Ciphertext, blob.Tag, plaintext, aad);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            // Same answer for a wrong context and a tampered blob, as KMS gives: no oracle for which.
            throw new KmsErrorException(KmsErrorCodes.InvalidCiphertext, "The ciphertext does not decrypt under its key with the given encryption context: the context differs from the one used to encrypt, or the ciphertext was altered.");
        }
    }
}
