using System.Security.Cryptography;

namespace Vaultflow.Core.Crypto;

/// <summary>A data key in both forms. Dispose zeroes the plaintext copy.</summary>
public sealed class DataKey : IDisposable
{
    private readonly byte[] _plaintext;

    public DataKey(string keyId, byte[] plaintext, byte[] encrypted)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(encrypted);
        if (plaintext.Length != KeySize)
        {
            throw new ArgumentException($"A data key must be {KeySize} bytes (AES-256); got {plaintext.Length}.", nameof(plaintext));
        }

        KeyId = keyId;
        _plaintext = plaintext;
        Encrypted = encrypted;
    }

    /// <summary>AES-256.</summary>
    public const int KeySize = 32;

    public string KeyId { get; }

    public ReadOnlySpan<byte> Plaintext => _plaintext;

    public byte[] Encrypted { get; }

    public void Dispose() => CryptographicOperations.ZeroMemory(_plaintext);
}
