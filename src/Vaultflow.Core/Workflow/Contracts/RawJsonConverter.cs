using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaultflow.Core.Workflow.Contracts;

/// <summary>
/// Reads any JSON value as a detached element and writes it back as its original bytes. The default
/// JsonElement writer re-escapes every non-ASCII character as \uXXXX, which can triple a message and
/// break Step Functions' 256 KiB state arithmetic; raw bytes also keep the producer's exact text.
/// </summary>
public sealed class RawJsonConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonElement.ParseValue(ref reader);

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);

        // The element came from a parser, so its bytes are valid JSON; skipping validation avoids a second pass.
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
    }
}
