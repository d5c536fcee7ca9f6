using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Contract;

/// <summary>
/// One forward pass over untrusted UTF-8 JSON that refuses everything two parsers might read
/// differently: invalid UTF-8, a byte order mark, unpaired surrogate escapes, duplicate property names
/// (compared after unescaping), numbers outside the number policy, and nesting beyond a limit. After it
/// passes, a <see cref="JsonDocument"/> over the same bytes is unambiguous.
/// </summary>
internal static class StrictJsonValidator
{
    /// <param name="json">The bytes; the caller has already checked size.</param>
    /// <param name="maxDepth">Deepest allowed nesting; the top-level container is depth 1.</param>
    /// <param name="subject">What the bytes are, for messages: "message body", "workflow input".</param>
    public static void Validate(ReadOnlySpan<byte> json, int maxDepth, string subject)
    {
        if (IsWhitespaceOnly(json))
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.EmptyBody,
                $"The {subject} is empty{(json.IsEmpty ? string.Empty : " (only whitespace)")}. Send a JSON object such as {{\"type\":\"order.created\",\"data\":{{}}}}.");
        }

        if (json.StartsWith("\uFEFF"u8))
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.InvalidUtf8,
                $"The {subject} starts with a UTF-8 byte order mark (bytes EF BB BF at offset 0). Send plain UTF-8 JSON without a BOM.");
        }

        if (!Utf8.IsValid(json))
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.InvalidUtf8,
                $"The {subject} is not valid UTF-8: the first invalid byte sequence is at byte offset {FirstInvalidUtf8(json)}. Encode the body as UTF-8.");
        }

        // A raw NUL would be refused below as a bare control character; it gets its own reason because
        // it is the classic truncation attack on C strings, logs and PostgreSQL text.
        var nul = json.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.NulCharacter,
                $"The {subject} contains a raw NUL byte (0x00) at byte offset {nul}. JSON forbids unescaped control characters; remove it (inside data, escape it as \\u0000).");
        }

        var options = new JsonReaderOptions
        {
            MaxDepth = maxDepth + 2,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        };
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(options));
        var path = new JsonPathTracker();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        path.BeforeValue();
                        if (path.Depth + 1 > maxDepth)
                        {
                            throw new InvalidMessageException(
                                InvalidMessageReasons.TooDeep,
                                $"The {subject} nests objects/arrays deeper than {maxDepth} levels at {path.Current()} (byte offset {reader.TokenStartIndex}). Flatten the data.");
                        }

                        path.Push(reader.TokenType == JsonTokenType.StartArray);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = ReadString(ref reader, path, subject);
                        if (!path.TrySetProperty(name))
                        {
                            throw new InvalidMessageException(
                                InvalidMessageReasons.DuplicateProperty,
                                $"The {subject} has the property {path.Current()} twice (byte offset {reader.TokenStartIndex}); parsers disagree on which value wins. Send each property once.");
                        }

                        break;
                    case JsonTokenType.String:
                        path.BeforeValue();
                        if (reader.ValueIsEscaped)
                        {
                            _ = ReadString(ref reader, path, subject);
                        }

                        break;
                    case JsonTokenType.Number:
                        path.BeforeValue();
                        var reason = JsonNumberPolicy.Check(reader.ValueSpan, out _);
                        if (reason is not null)
                        {
                            throw new InvalidMessageException(
                                reason,
                                $"The number at {path.Current()} (byte offset {reader.TokenStartIndex}) {JsonNumberPolicy.Explain(reason)}.");
                        }

                        break;
                    default:
                        path.BeforeValue();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            if (IsTruncated(json, options))
            {
                throw new InvalidMessageException(
                    InvalidMessageReasons.TruncatedJson,
                    $"The {subject} ends in the middle of a JSON value (after {json.Length} bytes, inside {path.Current()}). The producer sent a cut-off body; send the complete JSON.",
                    ex);
            }

            throw new InvalidMessageException(
                InvalidMessageReasons.InvalidJson,
                string.Create(CultureInfo.InvariantCulture, $"The {subject} is not valid JSON: error at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine} of that line, near {path.Current()}. Send one well-formed JSON object (RFC 8259: no comments, no trailing commas, double-quoted names)."),
                ex);
        }
    }

    private static string ReadString(ref Utf8JsonReader reader, JsonPathTracker path, string subject)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.LoneSurrogate,
                $"The {subject} has a \\u escape that is an unpaired UTF-16 surrogate at {path.Current()} (string starting at byte offset {reader.TokenStartIndex}). Escape characters outside the BMP as a high+low surrogate pair, or send them as raw UTF-8.",
                ex);
        }
    }

    /// <summary>True when the bytes are a valid prefix of a JSON document: the producer cut them off.</summary>
    private static bool IsTruncated(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: false, new JsonReaderState(options));
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsWhitespaceOnly(ReadOnlySpan<byte> json) =>
        json.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> json)
    {
        var offset = 0;
        while (offset < json.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(json[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }
}
