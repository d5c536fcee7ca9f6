using System.Buffers.Binary;
using System.Text;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Crypto.Envelope;

/// <summary>
/// The versioned binary layout of a Vaultflow record ciphertext. All integers are big-endian.
/// <code>
/// | offset        | size | field                | notes                                                  |
/// |---------------|------|----------------------|--------------------------------------------------------|
/// | 0             | 1    | version              | 0x01                                                   |
/// | 1             | 1    | suite id             | 0x01 = AES-256-GCM, per-record key by HKDF-SHA256      |
/// | 2             | 2    | key id length (k)    | 1..1024                                                |
/// | 4             | k    | key id               | UTF-8, e.g. a KMS key ARN or "raw-aes:&lt;name&gt;"          |
/// | 4+k           | 2    | wrapped key length(e)| 1..4096                                                |
/// | 6+k           | e    | encrypted data key   | opaque to this format; the keyring's wrapped data key  |
/// | 6+k+e         | 32   | salt                 | random; HKDF salt for the per-record key               |
/// | 38+k+e        | 12   | nonce                | random; GCM nonce                                      |
/// | 50+k+e        | 16   | tag                  | GCM tag                                                |
/// | 66+k+e        | rest | ciphertext           | same length as the plaintext (may be empty)            |
/// </code>
/// Everything before the tag (version through nonce) is GCM associated data, together with the
/// record binding and the encryption context (see <see cref="AssociatedData"/>), so no header byte
/// can change without the tag failing. The salt also feeds the key derivation, the nonce the cipher.
/// </summary>
internal static class EnvelopeFormat
{
    public const byte Version1 = 0x01;
    public const byte SuiteAes256GcmHkdfSha256 = 0x01;
    public const int MaxKeyIdBytes = 1024;
    public const int MaxEncryptedDataKeyBytes = 4096;
    public const int SaltSize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int RecordKeySize = 32;

    /// <summary>HKDF info for the per-record key; the version is part of it so v2 keys never collide with v1.</summary>
    public static ReadOnlySpan<byte> RecordKeyInfo => "vaultflow/v1/record-key"u8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static int HeaderLength(int keyIdBytes, int encryptedDataKeyBytes) => 1 + 1 + 2 + keyIdBytes + 2 + encryptedDataKeyBytes;

    public static int TotalLength(int keyIdBytes, int encryptedDataKeyBytes, int plaintextLength) =>
        HeaderLength(keyIdBytes, encryptedDataKeyBytes) + SaltSize + NonceSize + TagSize + plaintextLength;

    /// <summary>Writes version, suite, key id and wrapped key; returns the layout of the whole output.</summary>
    public static EnvelopeLayout WriteHeader(Span<byte> output, string keyId, ReadOnlySpan<byte> encryptedDataKey)
    {
        var keyIdBytes = Encoding.UTF8.GetByteCount(keyId);
        if (keyIdBytes is 0 or > MaxKeyIdBytes)
        {
            throw new InvalidOperationException($"The keyring's key id is {keyIdBytes} UTF-8 bytes; the format allows 1..{MaxKeyIdBytes}. Use a shorter key id or alias.");
        }

        if (encryptedDataKey.Length is 0 or > MaxEncryptedDataKeyBytes)
        {
            throw new InvalidOperationException($"The keyring returned a wrapped data key of {encryptedDataKey.Length} bytes; the format allows 1..{MaxEncryptedDataKeyBytes}.");
        }

        output[0] = Version1;
        output[1] = SuiteAes256GcmHkdfSha256;
        BinaryPrimitives.WriteUInt16BigEndian(output[2..], (ushort)keyIdBytes);
        Encoding.UTF8.GetBytes(keyId, output.Slice(4, keyIdBytes));
        var edkLengthOffset = 4 + keyIdBytes;
        BinaryPrimitives.WriteUInt16BigEndian(output[edkLengthOffset..], (ushort)encryptedDataKey.Length);
        encryptedDataKey.CopyTo(output[(edkLengthOffset + 2)..]);
        return EnvelopeLayout.From(keyIdBytes, edkLengthOffset + 2, encryptedDataKey.Length, output.Length);
    }

    /// <summary>Parses and checks the structure; never looks at key material.</summary>
    /// <exception cref="DecryptionFailedException">Truncated, unknown version or suite, or malformed header.</exception>
    public static EnvelopeLayout Parse(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            throw Fail(DecryptionFailureReasons.Truncated, $"The ciphertext is {input.Length} bytes, too short to hold a Vaultflow header. The stored value was cut off or is not a Vaultflow ciphertext.");
        }

        if (input[0] != Version1)
        {
            throw Fail(DecryptionFailureReasons.UnsupportedVersion, $"The ciphertext has format version {input[0]}; this build reads version {Version1}. Upgrade Vaultflow, or check that the value is a Vaultflow ciphertext.");
        }

        if (input[1] != SuiteAes256GcmHkdfSha256)
        {
            throw Fail(DecryptionFailureReasons.UnsupportedSuite, $"The ciphertext uses algorithm suite {input[1]}; this build reads suite {SuiteAes256GcmHkdfSha256} (AES-256-GCM with HKDF-SHA256). Upgrade Vaultflow, or check the value.");
        }

        var keyIdBytes = ReadLength(input, 2, "key id");
        if (keyIdBytes is 0 or > MaxKeyIdBytes)
        {
            throw Fail(DecryptionFailureReasons.Malformed, $"The ciphertext header declares a key id of {keyIdBytes} bytes; valid is 1..{MaxKeyIdBytes}. The stored value is corrupt.");
        }

        var edkLengthOffset = 4 + keyIdBytes;
        var edkBytes = ReadLength(input, edkLengthOffset, "wrapped data key");
        if (edkBytes is 0 or > MaxEncryptedDataKeyBytes)
        {
            throw Fail(DecryptionFailureReasons.Malformed, $"The ciphertext header declares a wrapped data key of {edkBytes} bytes; valid is 1..{MaxEncryptedDataKeyBytes}. The stored value is corrupt.");
        }

        var minimum = TotalLength(keyIdBytes, edkBytes, 0);
        if (input.Length < minimum)
        {
            throw Fail(DecryptionFailureReasons.Truncated, $"The ciphertext is {input.Length} bytes; its header needs at least {minimum}. The stored value was cut off.");
        }

        var layout = EnvelopeLayout.From(keyIdBytes, edkLengthOffset + 2, edkBytes, input.Length);
        try
        {
            _ = StrictUtf8.GetCharCount(input.Slice(layout.KeyIdOffset, layout.KeyIdLength));
        }
        catch (DecoderFallbackException e)
        {
            throw Fail(DecryptionFailureReasons.Malformed, "The ciphertext's key id is not valid UTF-8. The stored value is corrupt.", e);
        }

        return layout;
    }

    public static string ReadKeyId(ReadOnlySpan<byte> input, EnvelopeLayout layout) =>
        StrictUtf8.GetString(input.Slice(layout.KeyIdOffset, layout.KeyIdLength));

    private static int ReadLength(ReadOnlySpan<byte> input, int offset, string field)
    {
        if (input.Length < offset + 2)
        {
            throw Fail(DecryptionFailureReasons.Truncated, $"The ciphertext ends inside the {field} length (byte {offset}). The stored value was cut off.");
        }

        return BinaryPrimitives.ReadUInt16BigEndian(input[offset..]);
    }

    private static DecryptionFailedException Fail(string reason, string message, Exception? inner = null) => new(reason, message, inner);
}

/// <summary>Offsets of the fields of one ciphertext (see <see cref="EnvelopeFormat"/>).</summary>
internal readonly record struct EnvelopeLayout(
    int KeyIdOffset,
    int KeyIdLength,
    int EncryptedDataKeyOffset,
    int EncryptedDataKeyLength,
    int SaltOffset,
    int NonceOffset,
    int TagOffset,
    int CiphertextOffset,
    int CiphertextLength)
{
    public static EnvelopeLayout From(int keyIdLength, int edkOffset, int edkLength, int totalLength)
    {
        var salt = edkOffset + edkLength;
        var nonce = salt + EnvelopeFormat.SaltSize;
        var tag = nonce + EnvelopeFormat.NonceSize;
        var ciphertext = tag + EnvelopeFormat.TagSize;
        return new(4, keyIdLength, edkOffset, edkLength, salt, nonce, tag, ciphertext, totalLength - ciphertext);
    }
}
