using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vaultflow.Cli.Template;

/// <summary>Reads and writes the template as JSON with a fixed layout (two-space indent, LF, trailing newline), so reruns are byte-identical.</summary>
internal static class TemplateFile
{
    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static JsonObject Read(string path) => Parse(File.ReadAllText(path), path);

    /// <param name="json">The template text.</param>
    /// <param name="path">Where it came from, for error messages.</param>
    public static JsonObject Parse(string json, string path)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: ReadOptions);
        }
        catch (JsonException e)
        {
            throw new TemplateSyncException($"Template '{path}' is not valid JSON ({e.Message}). template sync reads JSON templates only; fix the syntax or convert a YAML template to JSON.");
        }

        return node as JsonObject
            ?? throw new TemplateSyncException($"Template '{path}' must be a JSON object with a Resources section.");
    }

    /// <summary>A fresh SAM template for a first sync.</summary>
    public static JsonObject Empty() => new()
    {
        ["AWSTemplateFormatVersion"] = "2010-09-09",
        ["Transform"] = TemplateConventions.SamTransform,
        ["Parameters"] = new JsonObject { [TemplateConventions.ArchitectureParameter] = FunctionResource.ArchitectureParameter() },
        ["Resources"] = new JsonObject(),
    };

    public static string Format(JsonObject template)
    {
        using var buffer = new MemoryStream();
        var options = new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",

            // A template is not HTML: keep '+', '<', '&' and non-ASCII text readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            template.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static void Write(string path, JsonObject template)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);

        // Write beside the target, then move: an interrupted sync never leaves half a template.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, Format(template), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, path, overwrite: true);
    }
}
