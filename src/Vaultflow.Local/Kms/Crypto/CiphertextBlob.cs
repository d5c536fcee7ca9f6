using Vaultflow.Local.Kms.Protocol;

namespace Vaultflow.Local.Kms.Crypto;

/// <summary>
/// The stand-in's ciphertext blob, format version 1 (its own, not AWS's):
/// <code>
/// offset  size  field
///      0     1  version (0x01)
///      1    16  key id (the key's uuid, RFC 4122 byte order)
///     17    12  AES-GCM nonce (random)
///     29    16  AES-GCM tag
///     45     n  AES-GCM ciphertext (n = plaintext length, 1..4096)
/// </code>
/// The 17-byte header (version and key id) is part of the associated data, so a blob whose key
/// reference was edited does not decrypt under any key.
/// </summary>
internal readonly struct CiphertextBlob
{
    public const byte Version1 = 0x01;
    public const int HeaderSize = 17;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int Overhead = HeaderSize + NonceSize + TagSize;

    private readonly ReadOnlyMemory<byte> _bytes;

    private CiphertextBlob(ReadOnlyMemory<byte> bytes, Guid keyId)
    {
        _bytes = bytes;
        KeyId = keyId;
    }

    public Guid KeyId { get; }

    public ReadOnlySpan<byte> Header => _bytes.Span[..HeaderSize];

    public ReadOnlySpan<byte> Nonce => _bytes.Span.Slice(HeaderSize, NonceSize);

    public ReadOnlySpan<byte> Tag => _bytes.Span.Slice(HeaderSize + NonceSize, TagSize);

    public ReadOnlySpan<byte> Ciphertext => _bytes.Span[Overhead..];

    /// <summary>Reads a blob; anything that is not a version 1 blob is an <c>InvalidCiphertextException</c>.</summary>
    public static CiphertextBlob Parse(byte[]? bytes)
    {
        if (bytes is null || bytes.Length == 0)
        {
            throw new KmsErrorException(KmsErrorCodes.Validation, "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }

        if (bytes.Length <= Overhead || bytes[0] != Version1)
        {
            throw new KmsErrorException(KmsErrorCodes.InvalidCiphertext, "The ciphertext is not a local KMS ciphertext blob (wrong version or too short).");
        }

        return new CiphertextBlob(bytes, new Guid(bytes.AsSpan(1, 16), bigEndian: true));
    }

    /// <summary>Writes the header for <paramref name="keyId"/> into the first 17 bytes of <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, Guid keyId)
    {
        destination[0] = Version1;
        if (!keyId.TryWriteBytes(destination.Slice(1, 16), bigEndian: true, out _))
        {
            throw new InvalidOperationException("A uuid is 16 bytes.");
        }
    }

    /// <summary>Total blob size for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public static int SizeFor(int plaintextLength) => checked(Overhead + plaintextLength);
}
