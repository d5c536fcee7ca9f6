using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Vaultflow.Lambda.Logging;

/// <summary>Formats one entry as one JSON line with <see cref="Utf8JsonWriter"/> (AOT-safe) and writes it atomically.</summary>
internal sealed class LambdaJsonLogWriter(Stream output, TimeProvider clock)
{
    private const string OriginalFormat = "{OriginalFormat}";

    // Log lines are read by people and CloudWatch, never embedded in HTML: keep <, >, + and ' readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Write(LambdaLogEntry entry, IExternalScopeProvider scopes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("level", LambdaLogLevels.Name(entry.Level));
            json.WriteString("message", entry.Message);
            json.WriteString("logger", entry.Category);
            var written = new HashSet<string>(StringComparer.Ordinal) { "timestamp", "level", "message", "logger" };
            WriteScopes(json, scopes, written);
            WriteFields(json, entry.Fields, written);
            if (entry.Exception is { } exception)
            {
                json.WriteString("errorType", exception.GetType().Name);
                json.WriteString("errorMessage", exception.Message);
                json.WriteStartArray("stackTrace");
                foreach (var line in exception.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    json.WriteStringValue(line);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        lock (output)
        {
            buffer.Position = 0;
            buffer.CopyTo(output);
            output.Flush();
        }
    }

    private static void WriteScopes(Utf8JsonWriter json, IExternalScopeProvider scopes, HashSet<string> written)
    {
        List<string>? plain = null;
        scopes.ForEachScope(
            (scope, state) =>
            {
                switch (scope)
                {
                    case LambdaRequestScope request:
                        if (state.Add("requestId"))
                        {
                            json.WriteString("requestId", request.RequestId);
                        }

                        break;
                    case IEnumerable<KeyValuePair<string, object?>> fields:
                        WriteFields(json, fields, state);
                        break;
                    case not null:
                        (plain ??= []).Add(scope.ToString() ?? string.Empty);
                        break;
                }
            },
            written);
        if (plain is not null && written.Add("scopes"))
        {
            json.WriteStartArray("scopes");
            foreach (var scope in plain)
            {
                json.WriteStringValue(scope);
            }

            json.WriteEndArray();
        }
    }

    private static void WriteFields(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, object?>>? fields, HashSet<string> written)
    {
        if (fields is null)
        {
            return;
        }

        foreach (var (key, value) in fields)
        {
            if (key == OriginalFormat || !written.Add(key))
            {
                continue;
            }

            WriteValue(json, key, value);
        }
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool b:
                json.WriteBoolean(key, b);
                break;
            case int i:
                json.WriteNumber(key, i);
                break;
            case long l:
                json.WriteNumber(key, l);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumber(key, d);
                break;
            case decimal m:
                json.WriteNumber(key, m);
                break;
            case IFormattable formattable:
                json.WriteString(key, formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(key, value.ToString());
                break;
        }
    }
}
