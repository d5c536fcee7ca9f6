using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Vaultflow.Core.Workflow.Failures;

/// <summary>
/// The forms a DLQ body may take when SQS cannot carry the original as is, named by the
/// <c>vf-body-encoding</c> attribute. Both are printable ASCII (always sendable) and restore the original
/// exactly: <see cref="JsonString"/> is readable, <see cref="GzipBase64"/> is the smallest for large bodies.
/// </summary>
public static class DeadLetterBodyEncoding
{
    /// <summary>A JSON string literal whose value is the original: printable ASCII as is, the rest as \uXXXX.</summary>
    public const string JsonString = "json-string";

    /// <summary>Base64 of the gzip of the original's UTF-8 bytes (only for well-formed text: no lone surrogates).</summary>
    public const string GzipBase64 = "gzip-base64";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The original as a JSON string literal (exact for any UTF-16 text, lone surrogates too).</summary>
    public static string ToJsonString(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var builder = new StringBuilder(original.Length + 2).Append('"');
        foreach (var c in original)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>The gzip-base64 form, or null when the text has a lone surrogate (UTF-8 cannot hold it exactly).</summary>
    public static string? ToGzipBase64(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(original);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(utf8);
        }

        return Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// The original body of a parked message. <paramref name="encoding"/> null: the body is the original.
    /// False (with <paramref name="problem"/>, never body content) for an unknown encoding or a body that does not decode.
    /// </summary>
    public static bool TryDecode(string? encoding, string body, out string original, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(body);
        original = body;
        problem = null;
        switch (encoding)
        {
            case null:
                return true;
            case JsonString:
                if (TryReadJsonString(body, out original))
                {
                    return true;
                }

                original = body;
                problem = $"vf-body-encoding is {JsonString} but the body is not one JSON string literal";
                return false;
            case GzipBase64:
                try
                {
                    using var compressed = new MemoryStream(Convert.FromBase64String(body));
                    using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
                    using var plain = new MemoryStream();
                    gzip.CopyTo(plain);
                    original = StrictUtf8.GetString(plain.GetBuffer(), 0, (int)plain.Length);
                    return true;
                }
                catch (Exception ex) when (ex is FormatException or InvalidDataException or DecoderFallbackException)
                {
                    problem = $"vf-body-encoding is {GzipBase64} but the body does not decode ({ex.GetType().Name})";
                    return false;
                }

            default:
                problem = $"vf-body-encoding has an unknown value ({encoding.Length} characters); Vaultflow writes {JsonString} or {GzipBase64}";
                return false;
        }
    }

    /// <summary>
    /// Reads one JSON string literal, lone surrogate escapes included (System.Text.Json refuses those, and
    /// the form exists precisely to carry them).
    /// </summary>
    private static bool TryReadJsonString(string text, out string value)
    {
        value = "";
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return false;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (c == '"' || c < ' ')
            {
                return false;
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (++i >= text.Length - 1)
            {
                return false;
            }

            switch (text[i])
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u' when i + 4 < text.Length - 1
                    && ushort.TryParse(text.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit):
                    builder.Append((char)unit);
                    i += 4;
                    break;
                default:
                    return false;
            }
        }

        value = builder.ToString();
        return true;
    }
}
