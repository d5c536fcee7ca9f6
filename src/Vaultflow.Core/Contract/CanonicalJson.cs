using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Contract;

/// <summary>
/// Canonical JSON in the spirit of RFC 8785 (JCS): no insignificant whitespace; object members sorted
/// by their names' UTF-16 code units; strings escape only <c>"</c>, <c>\</c> and U+0000..U+001F
/// (as \b \t \n \f \r or lowercase \u00xx), everything else is raw UTF-8; <c>true</c>, <c>false</c>,
/// <c>null</c> as is.
/// Numbers: the exact decimal value is printed in ECMAScript Number::toString layout (1.5, 100,
/// 1e+21, 1e-7, -0 as 0). For every number the ingest policy accepts (the shortest form of a double)
/// this is byte-identical to JCS; unlike JCS it never rounds through binary, so two different values
/// can never share a hash.
/// </summary>
public static class CanonicalJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical UTF-8 bytes of a JSON value.</summary>
    public static byte[] Serialize(JsonElement value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        try
        {
            return StrictUtf8.GetBytes(builder.ToString());
        }
        catch (EncoderFallbackException ex)
        {
            throw LoneSurrogate(ex);
        }
    }

    /// <summary>The canonical form as a string (for tests and diagnostics).</summary>
    public static string SerializeToString(JsonElement value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<(string Name, JsonElement Value)>();
                foreach (var property in value.EnumerateObject())
                {
                    members.Add((ReadString(property), property.Value));
                }

                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                builder.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        if (string.Equals(members[i].Name, members[i - 1].Name, StringComparison.Ordinal))
                        {
                            throw new InvalidMessageException(
                                InvalidMessageReasons.DuplicateProperty,
                                "A JSON object has the same property name twice, so it has no canonical form. Send each property once.");
                        }

                        builder.Append(',');
                    }

                    WriteString(builder, members[i].Name);
                    builder.Append(':');
                    Write(builder, members[i].Value);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    Write(builder, item);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(builder, ReadElementString(value));
                break;
            case JsonValueKind.Number:
                var reason = JsonNumberPolicy.Check(JsonMarshal.GetRawUtf8Value(value), out var number);
                if (reason is not null)
                {
                    throw new InvalidMessageException(reason, $"A number {JsonNumberPolicy.Explain(reason)}.");
                }

                builder.Append(number.ToString());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Null:
                builder.Append("null");
                break;
            default:
                throw new ArgumentException($"A JsonElement of kind {value.ValueKind} has no canonical form.", nameof(value));
        }
    }

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case < ' ':
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
    }

    private static string ReadString(JsonProperty property) => Unpaired(() => property.Name);

    private static string ReadElementString(JsonElement value) => Unpaired(() => value.GetString()!);

    private static string Unpaired(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException ex)
        {
            throw LoneSurrogate(ex);
        }
    }

    private static InvalidMessageException LoneSurrogate(Exception inner) => new(
        InvalidMessageReasons.LoneSurrogate,
        "A JSON string contains an unpaired UTF-16 surrogate escape, so it has no canonical UTF-8 form. Escape characters outside the BMP as surrogate pairs.",
        inner);
}
