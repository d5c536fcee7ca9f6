namespace Vaultflow.Core.Crypto.Envelope;

/// <summary>The clear header of a ciphertext, readable without any key (for key-rotation reports and routing to a keyring).</summary>
/// <param name="Version">Format version byte.</param>
/// <param name="SuiteId">Algorithm suite byte.</param>
/// <param name="KeyId">The wrapping key's id, e.g. a KMS key ARN or <c>raw-aes:&lt;name&gt;</c>.</param>
/// <param name="EncryptedDataKey">The wrapped data key (not secret without the wrapping key).</param>
public sealed record EnvelopeHeader(byte Version, byte SuiteId, string KeyId, ReadOnlyMemory<byte> EncryptedDataKey)
{
    /// <summary>Parses the header of <paramref name="ciphertext"/> without decrypting anything.</summary>
    /// <exception cref="Errors.DecryptionFailedException">The input is truncated, of an unknown version or suite, or malformed.</exception>
    public static EnvelopeHeader Read(ReadOnlySpan<byte> ciphertext)
    {
        var layout = EnvelopeFormat.Parse(ciphertext);
        return new EnvelopeHeader(
            ciphertext[0],
            ciphertext[1],
            EnvelopeFormat.ReadKeyId(ciphertext, layout),
            ciphertext.Slice(layout.EncryptedDataKeyOffset, layout.EncryptedDataKeyLength).ToArray());
    }
}
