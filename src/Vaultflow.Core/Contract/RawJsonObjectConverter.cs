using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaultflow.Core.Contract;

/// <summary>
/// Writes a JSON object element as its original bytes. The default JsonElement writer re-escapes
/// strings (every non-ASCII character becomes \uXXXX), which can triple a message's size and break the
/// 256 KiB arithmetic; raw bytes also keep the producer's exact text.
/// </summary>
internal sealed class RawJsonObjectConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The message must be a JSON object.");
        }

        return JsonElement.ParseValue(ref reader);
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"The message must be a JSON object, not {value.ValueKind}.");
        }

        // The element came from a parser, so its bytes are valid JSON; skipping validation avoids a second pass.
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
    }
}
