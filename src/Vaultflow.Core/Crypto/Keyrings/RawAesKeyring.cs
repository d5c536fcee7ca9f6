using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Crypto.Keyrings;

/// <summary>
/// A keyring over a 256-bit AES key the user holds (no key service). Data keys are random 256-bit
/// keys wrapped with AES-256-GCM; the key id and the encryption context's canonical form are the
/// associated data, so unwrapping under another context or key fails. Wrapped form:
/// <c>0x01 | nonce (12) | encrypted key (32) | tag (16)</c>. Thread-safe; Dispose zeroes the key.
/// </summary>
public sealed class RawAesKeyring : IKeyring, IDisposable
{
    /// <summary>Key id prefix: ciphertexts name their key as <c>raw-aes:&lt;name&gt;</c>.</summary>
    public const string KeyIdPrefix = "raw-aes:";

    private const byte WrapVersion = 0x01;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int WrappedSize = 1 + NonceSize + DataKey.KeySize + TagSize;
    private static ReadOnlySpan<byte> WrapLabel => "vaultflow/v1/raw-aes-wrap"u8;

    private readonly byte[] _wrappingKey;
    private volatile bool _disposed;

    /// <param name="name">Key name: 1..128 characters of letters, digits, '.', '_', '-'.</param>
    /// <param name="wrappingKey">Exactly 32 bytes; copied, so the caller may zero its buffer.</param>
    public RawAesKeyring(string name, ReadOnlySpan<byte> wrappingKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 128 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new ArgumentException($"Raw AES key name '{name}' is invalid: use 1..128 letters, digits, '.', '_' or '-'.", nameof(name));
        }

        if (wrappingKey.Length != DataKey.KeySize)
        {
            throw new ArgumentException($"A raw AES wrapping key must be {DataKey.KeySize} bytes (AES-256); got {wrappingKey.Length}.", nameof(wrappingKey));
        }

        KeyId = KeyIdPrefix + name;
        _wrappingKey = wrappingKey.ToArray();
    }

    public string KeyId { get; }

    /// <summary>Loads the wrapping key from the environment variable or file named in <paramref name="options"/>.</summary>
    /// <exception cref="ConfigurationException">The key is missing, unreadable, not base64, or not 32 bytes.</exception>
    public static RawAesKeyring Load(RawAesKeyringOptions options, IKeyMaterialEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = KeyMaterialLoader.Load(options.Key, environment, $"raw AES wrapping key '{options.Name}'", DataKey.KeySize, DataKey.KeySize);
        try
        {
            return new RawAesKeyring(options.Name, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public Task<DataKey> GenerateDataKeyAsync(EncryptionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        var plaintext = RandomNumberGenerator.GetBytes(DataKey.KeySize);
        var wrapped = new byte[WrappedSize];
        wrapped[0] = WrapVersion;
        var nonce = wrapped.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var gcm = new AesGcm(_wrappingKey, TagSize))
        {
            gcm.Encrypt(nonce, plaintext, wrapped.AsSpan(1 + NonceSize, DataKey.KeySize), wrapped.AsSpan(1 + NonceSize + DataKey.KeySize, TagSize), WrapAad(KeyId, context));
        }

        return Task.FromResult(new DataKey(KeyId, plaintext, wrapped));
    }

    public Task<byte[]> DecryptDataKeyAsync(string keyId, ReadOnlyMemory<byte> encryptedDataKey, EncryptionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!string.Equals(keyId, KeyId, StringComparison.Ordinal))
        {
            throw new DecryptionFailedException(
                DecryptionFailureReasons.WrongKey,
                $"The ciphertext was encrypted under key '{keyId}', but this keyring holds '{KeyId}'. Configure the keyring that holds that key.");
        }

        var wrapped = encryptedDataKey.Span;
        if (wrapped.Length != WrappedSize || wrapped[0] != WrapVersion)
        {
            throw new DecryptionFailedException(
                DecryptionFailureReasons.UnwrapFailed,
                $"The wrapped data key for '{KeyId}' is not in the raw AES format (expected {WrappedSize} bytes, version {WrapVersion}). The stored value is corrupt.");
        }

        var plaintext = new byte[DataKey.KeySize];
        try
        {
            using var gcm = new AesGcm(_wrappingKey, TagSize);
            gcm.Decrypt(wrapped.Slice(1, NonceSize), wrapped.Slice(1 + NonceSize, DataKey.KeySize), wrapped.Slice(1 + NonceSize + DataKey.KeySize, TagSize), plaintext, WrapAad(KeyId, context));
            return Task.FromResult(plaintext);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new DecryptionFailedException(
                DecryptionFailureReasons.UnwrapFailed,
                $"The data key wrapped under '{KeyId}' did not authenticate: the wrapping key differs from the one used to encrypt (same name, other key material), the encryption context differs, or the stored bytes were altered.",
                e);
        }
    }

    /// <summary>Zeroes the wrapping key; later calls throw <see cref="ObjectDisposedException"/> instead of using a zero key.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_wrappingKey);
    }

    private static byte[] WrapAad(string keyId, EncryptionContext context)
    {
        var keyIdBytes = Encoding.UTF8.GetBytes(keyId);
        var contextBytes = Encoding.UTF8.GetBytes(context.Canonical);
        var aad = new byte[WrapLabel.Length + 4 + keyIdBytes.Length + 4 + contextBytes.Length];
        var span = aad.AsSpan();
        WrapLabel.CopyTo(span);
        var offset = WrapLabel.Length;
        BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)keyIdBytes.Length);
        keyIdBytes.CopyTo(span[(offset + 4)..]);
        offset += 4 + keyIdBytes.Length;
        BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)contextBytes.Length);
        contextBytes.CopyTo(span[(offset + 4)..]);
        return aad;
    }
}
