using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Vaultflow.Lambda.Generator.Model;

namespace Vaultflow.Lambda.Generator.Emit;

/// <summary>
/// The manifest, twice: as <c>LambdaFunctionDescriptor</c> objects and as JSON (format version 1, functions
/// sorted by name, camelCase keys, no whitespace) that <c>vaultflow template sync</c> reads.
/// </summary>
internal static class ManifestEmitter
{
    public const int FormatVersion = 1;

    public static string Json(ImmutableArray<FunctionModel> functions)
    {
        var builder = new StringBuilder();
        builder.Append("{\"version\":").Append(FormatVersion).Append(",\"functions\":[");
        for (var i = 0; i < functions.Length; i++)
        {
            var f = functions[i];
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append("{\"name\":").Append(Literals.Json(f.Name))
                .Append(",\"memorySize\":").Append(Literals.Number(f.MemorySize))
                .Append(",\"timeout\":").Append(Literals.Number(f.Timeout))
                .Append(",\"policies\":").Append(JsonArray(f.Policies))
                .Append(",\"sqsEvent\":");
            if (f.SqsEvent is { } sqs)
            {
                builder.Append("{\"queue\":").Append(Literals.Json(sqs.Queue))
                    .Append(",\"batchSize\":").Append(Literals.Number(sqs.BatchSize))
                    .Append(",\"maximumBatchingWindowInSeconds\":").Append(Literals.Number(sqs.MaximumBatchingWindowInSeconds))
                    .Append(",\"maximumConcurrency\":").Append(Literals.Number(sqs.MaximumConcurrency))
                    .Append(",\"filterPatterns\":").Append(JsonArray(sqs.Filters))
                    .Append('}');
            }
            else
            {
                builder.Append("null");
            }

            builder.Append('}');
        }

        return builder.Append("]}").ToString();
    }

    public static void WriteDescriptors(CodeWriter writer, ImmutableArray<FunctionModel> functions)
    {
        const string Descriptor = "global::Vaultflow.Lambda.Hosting.LambdaFunctionDescriptor";
        writer.Line("/// <summary>Every function of this assembly, sorted by name.</summary>");
        writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<{Descriptor}> Manifest {{ get; }} = new {Descriptor}[]");
        writer.Line("{");
        foreach (var f in functions)
        {
            var sqs = f.SqsEvent is { } s
                ? $"new global::Vaultflow.Lambda.Hosting.SqsEventDescriptor({Literals.CSharp(s.Queue)}, {s.BatchSize}, {s.MaximumBatchingWindowInSeconds}, {s.MaximumConcurrency}, {Literals.CSharpArray(s.Filters)})"
                : "null";
            writer.Line($"    new {Descriptor}({Literals.CSharp(f.Name)}, {f.MemorySize}, {f.Timeout}, {Literals.CSharpArray(f.Policies)}, {sqs}),");
        }

        writer.Line("};");
    }

    private static string JsonArray(EquatableArray<string> values) => "[" + string.Join(",", values.Select(Literals.Json)) + "]";
}
