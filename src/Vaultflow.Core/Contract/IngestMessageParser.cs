using System.Collections.ObjectModel;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Contract;

/// <summary>
/// Parses the v1 ingest message contract from raw UTF-8:
/// <c>{"type": "...", "key": "...", "data": {...}, "search": {"email": "..."}}</c>.
/// <c>type</c> and <c>data</c> are required; <c>key</c> and <c>search</c> are optional (an explicit
/// <c>null</c> counts as absent); any other top-level field is refused. Every refusal is an
/// <see cref="InvalidMessageException"/> with a reason from <see cref="InvalidMessageReasons"/>.
/// </summary>
public static class IngestMessageParser
{
    /// <summary>The contract version this parser implements.</summary>
    public const int ContractVersion = 1;

    /// <summary>The search fields the contract knows.</summary>
    public static IReadOnlyList<string> SearchFields { get; } = ["email"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses a body that arrived as a .NET string (the SQS event's <c>body</c>).</summary>
    public static IngestMessage Parse(string body, string? messageId, MessageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        limits ??= MessageLimits.Default;
        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(body);
        }
        catch (EncoderFallbackException ex)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.InvalidUtf8,
                $"The message body contains an unpaired UTF-16 surrogate at character index {ex.Index} and cannot be encoded as UTF-8. Send valid Unicode text.",
                ex);
        }

        return Parse(utf8, messageId, limits);
    }

    /// <summary>
    /// Parses and validates a body.
    /// </summary>
    /// <param name="body">The raw UTF-8 bytes.</param>
    /// <param name="messageId">The SQS message id; the key when the body has none. Null for console
    /// input: the key is then the content hash.</param>
    /// <param name="limits">Limits; <see cref="MessageLimits.Default"/> when null.</param>
    public static IngestMessage Parse(ReadOnlySpan<byte> body, string? messageId, MessageLimits? limits = null)
    {
        limits ??= MessageLimits.Default;
        limits.Validate();
        if (body.Length > limits.MaxBodyBytes)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.TooLarge,
                $"The message body is {body.Length} bytes; the limit is {limits.MaxBodyBytes} bytes so the workflow input stays under Step Functions' {MessageLimits.StepFunctionsMaxInputBytes}-byte limit. Make data smaller, or store the payload elsewhere (e.g. S3) and send a reference.");
        }

        StrictJsonValidator.Validate(body, limits.MaxDepth, "message body");

        using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = limits.MaxDepth + 2 });
        return FromElement(document.RootElement, messageId, limits, "$");
    }

    /// <summary>Builds the message from an element that already passed <see cref="StrictJsonValidator"/>.</summary>
    internal static IngestMessage FromElement(JsonElement root, string? messageId, MessageLimits limits, string basePath)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.NotAnObject,
                $"The message at {basePath} is a JSON {Kind(root.ValueKind)}, not an object. Send {{\"type\": \"...\", \"data\": {{...}}}}.");
        }

        string? type = null;
        string? key = null;
        JsonElement? data = null;
        var search = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            var where = Child(basePath, property.Name);
            switch (property.Name)
            {
                case "type":
                    type = RequireString(property.Value, where);
                    TextRules.CheckTypeName(type, where);
                    break;
                case "key":
                    if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        key = RequireString(property.Value, where);
                        TextRules.CheckKey(key, where);
                    }

                    break;
                case "data":
                    if (property.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw new InvalidMessageException(
                            InvalidMessageReasons.DataNotObject,
                            $"The field {where} is a JSON {Kind(property.Value.ValueKind)}; it must be an object. Wrap the payload, e.g. \"data\": {{\"items\": [...]}}.");
                    }

                    data = property.Value;
                    break;
                case "search":
                    ReadSearch(property.Value, where, limits, search);
                    break;
                default:
                    throw new InvalidMessageException(
                        InvalidMessageReasons.UnknownField,
                        $"The field {where} is not part of the ingest contract v{ContractVersion} (allowed: type, key, data, search). Remove it or move it into data.");
            }
        }

        if (type is null)
        {
            throw Missing(Child(basePath, "type"), "the message type, e.g. \"type\": \"order.created\"");
        }

        if (data is null)
        {
            throw Missing(Child(basePath, "data"), "the payload object, e.g. \"data\": {}");
        }

        var source = KeySource.Producer;
        if (key is null && messageId is not null)
        {
            TextRules.CheckKey(messageId, "the SQS message id");
            key = messageId;
            source = KeySource.MessageId;
        }
        else if (key is null)
        {
            key = ContentHash.Compute(root);
            source = KeySource.ContentHash;
        }

        return new IngestMessage(
            type,
            key,
            source,
            JsonMarshal.GetRawUtf8Value(root).ToArray(),
            JsonMarshal.GetRawUtf8Value(data.Value).ToArray(),
            new ReadOnlyDictionary<string, string>(search));
    }

    private static void ReadSearch(JsonElement value, string where, MessageLimits limits, Dictionary<string, string> search)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.InvalidSearch,
                $"The field {where} is a JSON {Kind(value.ValueKind)}; it must be an object such as {{\"email\": \"a@example.com\"}}, or be left out.");
        }

        foreach (var field in value.EnumerateObject())
        {
            var fieldWhere = Child(where, field.Name);
            if (!SearchFields.Contains(field.Name, StringComparer.Ordinal))
            {
                throw new InvalidMessageException(
                    InvalidMessageReasons.UnknownField,
                    $"The search field {fieldWhere} is not known (allowed: {string.Join(", ", SearchFields)}). Remove it; only known fields get a blind index.");
            }

            var text = RequireString(field.Value, fieldWhere);
            TextRules.CheckSearchValue(text, fieldWhere, limits.MaxSearchValueLength);
            search[field.Name] = text;
        }
    }

    internal static string RequireString(JsonElement value, string where)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.WrongType,
                $"The field {where} is a JSON {Kind(value.ValueKind)}; it must be a string.");
        }

        return value.GetString()!;
    }

    internal static InvalidMessageException Missing(string where, string what) => new(
        InvalidMessageReasons.MissingField,
        $"The required field {where} is missing. Add {what}.");

    internal static string Child(string basePath, string name)
    {
        var builder = new StringBuilder(basePath);
        JsonPathTracker.AppendProperty(builder, name);
        return builder.ToString();
    }

    internal static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };
}
