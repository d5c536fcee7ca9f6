using System.Buffers;
using System.Security.Cryptography;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Crypto.Envelope;

/// <summary>
/// Envelope encryption of records: AES-256-GCM under a per-record key derived with HKDF-SHA256 from
/// a (possibly cached) data key and a random 32-byte salt. The record id, idempotency key, encryption
/// context and every header byte are authenticated, so a ciphertext only decrypts for the row it was
/// written for. Layout: <see cref="EnvelopeFormat"/>. Thread-safe.
/// </summary>
public sealed class EnvelopeEncryptor
{
    private readonly IDataKeyProvider _keys;
    private readonly EncryptionContext _context;

    /// <param name="keys">The data-key source (normally a <see cref="CachingDataKeyProvider"/> over a keyring).</param>
    /// <param name="context">The fixed encryption context of this application and purpose.</param>
    public EnvelopeEncryptor(IDataKeyProvider keys, EncryptionContext context)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(context);
        _keys = keys;
        _context = context;
    }

    /// <summary>Encrypts one record. The output differs on every call, even for the same plaintext.</summary>
    public async Task<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, RecordBinding binding, EncryptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(options);
        using var dataKey = await _keys.GetEncryptionKeyAsync(_context, plaintext.Length, options.BypassDataKeyCache, cancellationToken).ConfigureAwait(false);
        return Seal(dataKey, plaintext.Span, binding);
    }

    /// <summary>Decrypts a record written for <paramref name="binding"/>; never returns unauthenticated bytes.</summary>
    /// <exception cref="DecryptionFailedException">
    /// The input is truncated, of an unknown version or suite, malformed, altered, written for another row or
    /// context, or its data key cannot be unwrapped. <see cref="DecryptionFailedException.Reason"/> is one of
    /// <see cref="DecryptionFailureReasons"/>.
    /// </exception>
    public async Task<byte[]> DecryptAsync(ReadOnlyMemory<byte> ciphertext, RecordBinding binding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var layout = EnvelopeFormat.Parse(ciphertext.Span);
        var keyId = EnvelopeFormat.ReadKeyId(ciphertext.Span, layout);
        var encryptedDataKey = ciphertext.Slice(layout.EncryptedDataKeyOffset, layout.EncryptedDataKeyLength);
        var dataKey = await _keys.GetDecryptionKeyAsync(keyId, encryptedDataKey, _context, cancellationToken).ConfigureAwait(false);
        try
        {
            return Open(dataKey, ciphertext.Span, layout, binding);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The wrapping key id of a ciphertext, read from its header without decrypting.</summary>
    /// <exception cref="DecryptionFailedException">The header is truncated, of an unknown version or suite, or malformed.</exception>
    public static string ReadKeyId(ReadOnlySpan<byte> ciphertext) => EnvelopeHeader.Read(ciphertext).KeyId;

    private byte[] Seal(DataKey dataKey, ReadOnlySpan<byte> plaintext, RecordBinding binding)
    {
        // Uninitialized: every byte is written below (header, salt, nonce, tag, ciphertext), and zeroing a
        // 64 KiB record first costs more than a quarter of its encryption.
        var output = GC.AllocateUninitializedArray<byte>(EnvelopeFormat.TotalLength(System.Text.Encoding.UTF8.GetByteCount(dataKey.KeyId), dataKey.Encrypted.Length, plaintext.Length));
        var layout = EnvelopeFormat.WriteHeader(output, dataKey.KeyId, dataKey.Encrypted);
        var salt = output.AsSpan(layout.SaltOffset, EnvelopeFormat.SaltSize);
        var nonce = output.AsSpan(layout.NonceOffset, EnvelopeFormat.NonceSize);
        // Salt and nonce are adjacent in the layout: one draw from the CSPRNG fills both.
        RandomNumberGenerator.Fill(output.AsSpan(layout.SaltOffset, EnvelopeFormat.SaltSize + EnvelopeFormat.NonceSize));
        var aadLength = AssociatedData.Length(layout.TagOffset, binding, _context);
        var pooled = aadLength > AssociatedData.StackLimit ? ArrayPool<byte>.Shared.Rent(aadLength) : null;
        Span<byte> aadBuffer = pooled is null ? stackalloc byte[AssociatedData.StackLimit] : pooled;
        var aad = AssociatedData.Write(aadBuffer, output.AsSpan(0, layout.TagOffset), binding, _context);

        Span<byte> recordKey = stackalloc byte[EnvelopeFormat.RecordKeySize];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey.Plaintext, recordKey, salt, EnvelopeFormat.RecordKeyInfo);
            using var gcm = new AesGcm(recordKey, EnvelopeFormat.TagSize);
            gcm.Encrypt(nonce, plaintext, output.AsSpan(layout.CiphertextOffset), output.AsSpan(layout.TagOffset, EnvelopeFormat.TagSize), aad);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(recordKey);
            if (pooled is not null)
            {
                ArrayPool<byte>.Shared.Return(pooled);
            }
        }

        return output;
    }

    private byte[] Open(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> input, EnvelopeLayout layout, RecordBinding binding)
    {
        if (dataKey.Length != DataKey.KeySize)
        {
            throw new DecryptionFailedException(DecryptionFailureReasons.UnwrapFailed, $"The keyring returned a {dataKey.Length}-byte data key; AES-256 needs {DataKey.KeySize}. Check the keyring implementation.");
        }

        var aadLength = AssociatedData.Length(layout.TagOffset, binding, _context);
        var pooled = aadLength > AssociatedData.StackLimit ? ArrayPool<byte>.Shared.Rent(aadLength) : null;
        Span<byte> aadBuffer = pooled is null ? stackalloc byte[AssociatedData.StackLimit] : pooled;
        var aad = AssociatedData.Write(aadBuffer, input[..layout.TagOffset], binding, _context);

        // Uninitialized: a successful Decrypt writes every byte; a failed one clears the buffer before it is dropped.
        var plaintext = GC.AllocateUninitializedArray<byte>(layout.CiphertextLength);
        Span<byte> recordKey = stackalloc byte[EnvelopeFormat.RecordKeySize];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, recordKey, input.Slice(layout.SaltOffset, EnvelopeFormat.SaltSize), EnvelopeFormat.RecordKeyInfo);
            using var gcm = new AesGcm(recordKey, EnvelopeFormat.TagSize);
            gcm.Decrypt(
                input.Slice(layout.NonceOffset, EnvelopeFormat.NonceSize),
                input.Slice(layout.CiphertextOffset, layout.CiphertextLength),
                input.Slice(layout.TagOffset, EnvelopeFormat.TagSize),
                plaintext,
                aad);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            // AesGcm already cleared the output buffer; nothing unauthenticated escapes.
            throw new DecryptionFailedException(
                DecryptionFailureReasons.TamperedOrWrongBinding,
                $"Record {binding.RecordId} did not authenticate: the stored bytes were altered, or the ciphertext belongs to another record id, idempotency key or encryption context. Check that the row was not edited or copied from another row.",
                e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(recordKey);
            if (pooled is not null)
            {
                ArrayPool<byte>.Shared.Return(pooled);
            }
        }
    }
}
