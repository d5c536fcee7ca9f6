using System.Text;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Core.Workflow.Failures;

/// <summary>
/// The reduced form of a parked message, sent once when SQS refused the first form for its content
/// (characters, size, attributes): the body as the smaller of <see cref="DeadLetterBodyEncoding.JsonString"/>
/// and <see cref="DeadLetterBodyEncoding.GzipBase64"/> (printable ASCII, exact), only Vaultflow's own
/// attributes (producer attributes dropped, every value cleaned of characters SQS refuses), and the failure
/// detail cut so the whole message fits <see cref="MaxMessageBytes"/> as SQS counts it.
/// </summary>
public static class DeadLetterFallback
{
    /// <summary>256 KiB: SQS's message size limit as it counts it (body + attribute names, types and values, UTF-8).</summary>
    public const int MaxMessageBytes = 262_144;

    private const string StringType = "String";
    private const int MaxOriginIdLength = 128;

    /// <summary>Below this, a cut of the original detail says nothing: the note alone is sent.</summary>
    private const int MinDetailLength = 16;

    /// <param name="draft">What was to be parked.</param>
    /// <param name="refusalCode">The queue's error code for the first form (named in the detail).</param>
    public static DeadLetterMessage Reduce(DeadLetterDraft draft, string refusalCode)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrEmpty(refusalCode);
        var (encoding, body) = SmallestBody(draft.OriginalBody);
        var attributes = new Dictionary<string, QueueAttribute>(StringComparer.Ordinal);
        foreach (var (name, value) in draft.Next.ToAttributes())
        {
            if (name != MessageAttributeNames.OriginId || IsValidOriginId(value))
            {
                attributes[name] = QueueAttribute.String(value);
            }
        }

        attributes[MessageAttributeNames.Failure] = QueueAttribute.String(Clean(draft.Reason));
        attributes[MessageAttributeNames.BodyEncoding] = QueueAttribute.String(encoding);

        var used = Encoding.UTF8.GetByteCount(body)
            + attributes.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + StringType.Length + Encoding.UTF8.GetByteCount(a.Value.StringValue!))
            + Encoding.UTF8.GetByteCount(MessageAttributeNames.FailureDetail) + StringType.Length;
        var note = $"[SQS refused the message as first sent ({Clean(refusalCode)}); parked in reduced form: body is {encoding} (vf-body-encoding; vaultflow replay restores the original), producer attributes dropped.]";
        attributes[MessageAttributeNames.FailureDetail] = QueueAttribute.String(Detail(Clean(draft.Detail), note, MaxMessageBytes - used));
        return new DeadLetterMessage(body, attributes);
    }

    /// <summary>The UTF-8 size of a message as SQS counts it against its limit.</summary>
    public static int SizeOf(DeadLetterMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Encoding.UTF8.GetByteCount(message.Body) + message.Attributes.Sum(a =>
            Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value.DataType)
            + (a.Value.StringValue is { } s ? Encoding.UTF8.GetByteCount(s) : 0) + (a.Value.BinaryValue?.Length ?? 0));
    }

    /// <summary>The smaller encoded form; json-string on a tie (readable) and for text with lone surrogates.</summary>
    private static (string Encoding, string Body) SmallestBody(string original)
    {
        var json = DeadLetterBodyEncoding.ToJsonString(original);
        var gzip = DeadLetterBodyEncoding.ToGzipBase64(original);
        return gzip is not null && gzip.Length < json.Length
            ? (DeadLetterBodyEncoding.GzipBase64, gzip)
            : (DeadLetterBodyEncoding.JsonString, json);
    }

    /// <summary>
    /// The detail within <paramref name="budgetBytes"/> and <see cref="MessageAttributeLimit.MaxFailureDetailLength"/>
    /// characters: the original cut first, then the note; never empty (SQS refuses an empty attribute value).
    /// </summary>
    private static string Detail(string detail, string note, int budgetBytes)
    {
        var maxBytes = Math.Max(budgetBytes, 1);
        var noteBytes = Encoding.UTF8.GetByteCount(note);
        var roomForDetail = Math.Min(maxBytes - noteBytes - 1, MessageAttributeLimit.MaxFailureDetailLength - note.Length - 1);
        if (roomForDetail < MinDetailLength)
        {
            return Cut(note, Math.Min(maxBytes, MessageAttributeLimit.MaxFailureDetailLength), ellipsis: false) is { Length: > 0 } cutNote ? cutNote : "-";
        }

        return Cut(detail, roomForDetail, ellipsis: true) + " " + note;
    }

    /// <summary>The longest prefix within <paramref name="maxBytes"/> UTF-8 bytes, never splitting a surrogate pair.</summary>
    private static string Cut(string text, int maxBytes, bool ellipsis)
    {
        // A UTF-16 unit is at least one UTF-8 byte, so a byte bound is also a character bound.
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var limit = ellipsis ? maxBytes - 3 : maxBytes;
        var bytes = 0;
        var end = 0;
        while (end < text.Length)
        {
            var width = char.IsHighSurrogate(text[end]) && end + 1 < text.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(end, width));
            if (bytes + size > limit)
            {
                break;
            }

            bytes += size;
            end += width;
        }

        return ellipsis ? string.Concat(text.AsSpan(0, end), "...") : text[..end];
    }

    /// <summary>The text with every character SQS refuses in an attribute value (and every lone surrogate) as '?'.</summary>
    private static string Clean(string text)
    {
        if (text.Length > 0 && DeadLetterBody.FirstUnsendable(text) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(DeadLetterBody.IsSendable(c) ? c : '?');
            }
        }

        return builder.Length == 0 ? "-" : builder.ToString();
    }

    /// <summary>What the recursion guard accepts as vf-origin-id (1..128 printable ASCII); anything else is dropped.</summary>
    private static bool IsValidOriginId(string value) =>
        value.Length is > 0 and <= MaxOriginIdLength && value.AsSpan().IndexOfAnyExceptInRange('!', '~') < 0;
}
