using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Cli.Template;

/// <summary>
/// Reads the function manifest the source generator emits: from a JSON file, or straight from a built
/// handlers assembly, where <c>Vaultflow.Generated.LambdaFunctions.ManifestJson</c> is a constant in the
/// metadata (read with System.Reflection.Metadata: the assembly is never loaded or run).
/// </summary>
internal static class ManifestReader
{
    private const string GeneratedNamespace = "Vaultflow.Generated";
    private const string GeneratedType = "LambdaFunctions";
    private const string ManifestField = "ManifestJson";

    public static IReadOnlyList<LambdaFunctionDescriptor> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new TemplateSyncException($"Manifest '{path}' not found. Pass --manifest with the handlers assembly (.dll) or a manifest .json file.");
        }

        var json = path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ReadFromAssembly(path) : File.ReadAllText(path);
        try
        {
            return Parse(json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new TemplateSyncException($"Manifest '{path}' is not a Vaultflow function manifest (version 1): {e.Message}. Regenerate it by building the handlers project.");
        }
    }

    public static IReadOnlyList<LambdaFunctionDescriptor> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var version = root.GetProperty("version").GetInt32();
        if (version != 1)
        {
            throw new FormatException($"manifest version {version} is not supported (expected 1)");
        }

        return root.GetProperty("functions").EnumerateArray().Select(ParseFunction).ToList();
    }

    private static LambdaFunctionDescriptor ParseFunction(JsonElement f)
    {
        var sqs = f.GetProperty("sqsEvent");
        SqsEventDescriptor? sqsEvent = sqs.ValueKind == JsonValueKind.Null
            ? null
            : new SqsEventDescriptor(
                sqs.GetProperty("queue").GetString()!,
                sqs.GetProperty("batchSize").GetInt32(),
                sqs.GetProperty("maximumBatchingWindowInSeconds").GetInt32(),
                sqs.GetProperty("maximumConcurrency").GetInt32(),
                Strings(sqs.GetProperty("filterPatterns")));
        return new LambdaFunctionDescriptor(
            f.GetProperty("name").GetString()!,
            f.GetProperty("memorySize").GetInt32(),
            f.GetProperty("timeout").GetInt32(),
            Strings(f.GetProperty("policies")),
            sqsEvent);
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private static string ReadFromAssembly(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new TemplateSyncException($"'{path}' is not a .NET assembly. Pass the handlers assembly or a manifest .json file.");
        }

        var reader = pe.GetMetadataReader();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            if (reader.GetString(type.Namespace) != GeneratedNamespace || reader.GetString(type.Name) != GeneratedType)
            {
                continue;
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                if (reader.GetString(field.Name) != ManifestField)
                {
                    continue;
                }

                var constant = reader.GetConstant(field.GetDefaultValue());
                var blob = reader.GetBlobReader(constant.Value);
                return blob.ReadUTF16(blob.Length);
            }
        }

        throw new TemplateSyncException($"'{path}' has no {GeneratedNamespace}.{GeneratedType}.{ManifestField}: it has no [LambdaFunction] methods or does not use Vaultflow.Lambda.Generator.");
    }
}
