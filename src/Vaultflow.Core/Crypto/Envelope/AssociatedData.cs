using System.Buffers.Binary;
using System.Text;

namespace Vaultflow.Core.Crypto.Envelope;

/// <summary>
/// Builds the GCM associated data of a record. Every variable field is length-prefixed (uint32,
/// big-endian), so no two different (header, record id, idempotency key, context) tuples share
/// the same bytes:
/// <code>
/// "vaultflow/v1/record-aad" | len | header (version..nonce) | len | record id (16, RFC 4122 order)
///                           | len | idempotency key (UTF-8) | len | encryption context canonical (UTF-8)
/// </code>
/// </summary>
internal static class AssociatedData
{
    private static ReadOnlySpan<byte> Label => "vaultflow/v1/record-aad"u8;

    /// <summary>Stack buffers up to this size; larger associated data goes to the array pool.</summary>
    public const int StackLimit = 1024;

    /// <summary>The exact length <see cref="Write"/> needs.</summary>
    public static int Length(int headerThroughNonceLength, RecordBinding binding, EncryptionContext context) =>
        Label.Length + 4 + headerThroughNonceLength + 4 + 16 + 4
        + Encoding.UTF8.GetByteCount(binding.IdempotencyKey) + 4 + Encoding.UTF8.GetByteCount(context.Canonical);

    /// <summary>Writes the associated data into <paramref name="span"/> (exactly <see cref="Length"/> bytes) and returns it.</summary>
    public static ReadOnlySpan<byte> Write(Span<byte> span, ReadOnlySpan<byte> headerThroughNonce, RecordBinding binding, EncryptionContext context)
    {
        var contextCanonical = context.Canonical;
        var idempotencyKeyBytes = Encoding.UTF8.GetByteCount(binding.IdempotencyKey);
        var contextBytes = Encoding.UTF8.GetByteCount(contextCanonical);
        Label.CopyTo(span);
        var offset = Label.Length;
        offset = WritePrefixed(span, offset, headerThroughNonce);
        BinaryPrimitives.WriteUInt32BigEndian(span[offset..], 16);
        offset += 4;
        binding.RecordId.TryWriteBytes(span.Slice(offset, 16), bigEndian: true, out _);
        offset += 16;
        BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)idempotencyKeyBytes);
        offset += 4;
        offset += Encoding.UTF8.GetBytes(binding.IdempotencyKey, span[offset..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)contextBytes);
        offset += 4;
        offset += Encoding.UTF8.GetBytes(contextCanonical, span[offset..]);
        return span[..offset];
    }

    private static int WritePrefixed(Span<byte> span, int offset, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(span[offset..], (uint)value.Length);
        value.CopyTo(span[(offset + 4)..]);
        return offset + 4 + value.Length;
    }
}
