using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Vaultflow.Core.Crypto.Keyrings;

namespace Vaultflow.Core.Crypto.BlindIndex;

/// <summary>
/// Blind indexes ("beacons") so encrypted rows can be found by an exact value, e.g. an e-mail
/// address: HMAC-SHA256 under a dedicated key over
/// <c>"vaultflow/v1/blind-index" | len | field name | len | normalised value</c> (lengths uint32
/// big-endian, UTF-8), truncated to <see cref="LengthBits"/> bits. The field name separates domains:
/// the same value in two fields gives unrelated indexes.
/// <para>
/// Output: lowercase hex of ceil(bits / 8) bytes, high bits first, unused low bits of the last byte
/// zero (14 bits gives 4 hex characters, the last a multiple of 4). Store it in a text column with a plain b-tree index.
/// </para>
/// <para>
/// Truncation is deliberate. Different values share an index, so a lookup returns CANDIDATES: the
/// caller must decrypt each candidate and compare its normalised value before treating it as a
/// match. Thread-safe. Dispose zeroes the key.
/// </para>
/// </summary>
public sealed class BlindIndexer : IDisposable
{
    /// <summary>
    /// 14 bits. The AWS Database Encryption SDK's beacon guidance: for a field with X distinct values pick
    /// a length N with 2^N &lt; X/2, so every beacon is shared by at least two values on average (the
    /// collisions are what stop someone who can read the table from mapping beacons back to values), and
    /// 2^N &gt; sqrt(X), so a lookup does not degrade towards a scan (their example: 100,000 zip codes gives
    /// 9 to 16 bits). 14 bits satisfies both for any X between 2^15 (32,768) and 2^28 (about 268 million)
    /// distinct values, which covers the e-mail columns Vaultflow expects (10^5 to 10^6 addresses: about 6
    /// to 61 candidates per lookup, each confirmed by decryption). Tables far smaller than 32,768 values
    /// collide little and leak equality; pick the length per field with
    /// <see cref="BlindIndexOptions.LengthBits"/> once X is known. Changing it later needs a re-index.
    /// </summary>
    public const int DefaultLengthBits = 14;

    /// <summary>Minimum key length in bytes (HMAC-SHA256's output size).</summary>
    public const int MinKeyBytes = 32;

    /// <summary>Maximum key length in bytes (HMAC-SHA256's block size; longer keys would be hashed first).</summary>
    public const int MaxKeyBytes = 64;

    private static ReadOnlySpan<byte> Label => "vaultflow/v1/blind-index"u8;

    private readonly byte[] _key;
    private volatile bool _disposed;

    /// <param name="key">At least 32 bytes, used only for blind indexes; copied.</param>
    /// <param name="lengthBits">1..63 bits.</param>
    public BlindIndexer(ReadOnlySpan<byte> key, int lengthBits = DefaultLengthBits)
    {
        if (key.Length is < MinKeyBytes or > MaxKeyBytes)
        {
            throw new ArgumentException($"A blind-index key must be {MinKeyBytes} to {MaxKeyBytes} bytes; got {key.Length}.", nameof(key));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(lengthBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lengthBits, 63);
        _key = key.ToArray();
        LengthBits = lengthBits;
    }

    public int LengthBits { get; }

    /// <summary>Hex characters in every index this instance produces.</summary>
    public int HexLength => (LengthBits + 7) / 8 * 2;

    /// <summary>Loads the key from the environment variable or file named in <paramref name="options"/>.</summary>
    /// <exception cref="Errors.ConfigurationException">The key is missing, unreadable, not base64, or not 32..64 bytes.</exception>
    public static BlindIndexer Load(BlindIndexOptions options, IKeyMaterialEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = KeyMaterialLoader.Load(options.Key, environment, "blind-index key", MinKeyBytes, MaxKeyBytes);
        try
        {
            return new BlindIndexer(key, options.LengthBits);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// The index of <paramref name="value"/> in <paramref name="field"/>, after
    /// <see cref="SearchValueNormalizer.Normalize"/>. Rows whose stored index equals it are candidates
    /// only: decrypt each and compare the normalised values before returning it as a match.
    /// </summary>
    public string Compute(string field, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        ArgumentNullException.ThrowIfNull(value);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var normalized = SearchValueNormalizer.Normalize(value);
        var fieldBytes = Encoding.UTF8.GetByteCount(field);
        var valueBytes = Encoding.UTF8.GetByteCount(normalized);
        var message = new byte[Label.Length + 4 + fieldBytes + 4 + valueBytes];
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        try
        {
            var span = message.AsSpan();
            Label.CopyTo(span);
            var offset = Label.Length;
            BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)fieldBytes);
            offset += 4;
            offset += Encoding.UTF8.GetBytes(field, span[offset..]);
            BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)valueBytes);
            offset += 4;
            Encoding.UTF8.GetBytes(normalized, span[offset..]);
            HMACSHA256.HashData(_key, message, mac);

            var bytes = (LengthBits + 7) / 8;
            var truncated = mac[..bytes];
            var spareBits = (bytes * 8) - LengthBits;
            truncated[^1] &= (byte)(0xFF << spareBits);
            return Convert.ToHexStringLower(truncated);
        }
        finally
        {
            // The message holds the normalised plaintext value.
            CryptographicOperations.ZeroMemory(message);
            CryptographicOperations.ZeroMemory(mac);
        }
    }

    /// <summary>Zeroes the key; later calls throw <see cref="ObjectDisposedException"/> instead of indexing under a zero key.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_key);
    }
}
