using System.Buffers.Binary;
using System.Text;

namespace Vaultflow.Local.Kms.Crypto;

/// <summary>
/// The canonical form of a KMS encryption context used as AES-GCM associated data: pairs sorted by
/// key (ordinal), each key and value as a 4-byte big-endian UTF-8 length followed by the bytes. A
/// missing context and an empty one are the same, as in KMS; any other difference changes the bytes.
/// </summary>
internal static class EncryptionContextAad
{
    public static byte[] Build(ReadOnlySpan<byte> header, IReadOnlyDictionary<string, string>? context)
    {
        var pairs = context is null
            ? []
            : context.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var size = header.Length;
        foreach (var (key, value) in pairs)
        {
            size += 8 + Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }

        var aad = new byte[size];
        header.CopyTo(aad);
        var offset = header.Length;
        foreach (var (key, value) in pairs)
        {
            offset += WriteString(aad.AsSpan(offset), key);
            offset += WriteString(aad.AsSpan(offset), value);
        }

        return aad;
    }

    private static int WriteString(Span<byte> destination, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, written);
        return 4 + written;
    }
}
