using System.Text;
using System.Text.Json;
using Vaultflow.Core.Workflow.Ports;
using Vaultflow.IntegrationTests.Support;

namespace Vaultflow.IntegrationTests.Corpus;

/// <summary>
/// tests/corpus/index.json: one entry per bad-input kind (file, where it enters, what must happen). The
/// chaos run reads the same index, so its bad_input_kinds figure and these tests count the same thing.
/// </summary>
internal static class CorpusIndex
{
    public const string SqsBody = "sqs-body";
    public const string SqsAttributes = "sqs-attributes";
    public const string ConsoleInput = "console-input";
    public const string DeadLetter = "dead-letter";
    public const string PersistIntact = "persist-intact";
    public const string Start = "start";

    private static readonly Lazy<IReadOnlyList<CorpusEntry>> Loaded = new(Load);

    public static IReadOnlyList<CorpusEntry> Entries => Loaded.Value;

    public static CorpusEntry Get(string kind) => Entries.Single(e => e.Kind == kind);

    /// <summary>Kind names entering at <paramref name="enters"/> (any when null), for [MemberData].</summary>
    public static TheoryData<string> Kinds(string? enters, Func<CorpusEntry, bool>? where = null)
    {
        var data = new TheoryData<string>();
        foreach (var entry in Entries.Where(e => (enters is null || e.Enters == enters) && (where?.Invoke(e) ?? true)))
        {
            data.Add(entry.Kind);
        }

        return data;
    }

    private static List<CorpusEntry> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoRoot.Path, "tests", "corpus", "index.json")));
        return document.RootElement.GetProperty("kinds").EnumerateArray().Select(e => new CorpusEntry(
            e.GetProperty("kind").GetString()!,
            e.GetProperty("file").GetString(),
            e.GetProperty("enters").GetString()!,
            e.GetProperty("expect").GetString()!,
            e.GetProperty("reason").GetString(),
            e.GetProperty("phrase").GetString(),
            e.GetProperty("viaSqs").GetBoolean(),
            e.TryGetProperty("generate", out var generate) ? generate.Clone() : null)).ToList();
    }
}

/// <summary>One corpus kind.</summary>
internal sealed record CorpusEntry(string Kind, string? File, string Enters, string Expect, string? Reason, string? Phrase, bool ViaSqs, JsonElement? Generate)
{
    /// <summary>The raw bytes: the file, or generated (too-large, extreme nesting). For sqs-attributes, the body.</summary>
    public byte[] Bytes()
    {
        if (Generate is { } generate)
        {
            return Generated(generate);
        }

        var bytes = System.IO.File.ReadAllBytes(Path.Combine(RepoRoot.Path, File!));
        if (Enters != CorpusIndex.SqsAttributes)
        {
            return bytes;
        }

        using var document = JsonDocument.Parse(bytes);
        return Encoding.UTF8.GetBytes(document.RootElement.GetProperty("body").GetString()!);
    }

    /// <summary>The body as the SQS event carries it (a .NET string); null when it is not text (invalid UTF-8).</summary>
    public string? BodyText()
    {
        var bytes = Bytes();
        return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>The message attributes of an sqs-attributes kind (empty otherwise).</summary>
    public Dictionary<string, QueueAttribute> Attributes()
    {
        var attributes = new Dictionary<string, QueueAttribute>(StringComparer.Ordinal);
        if (Enters != CorpusIndex.SqsAttributes)
        {
            return attributes;
        }

        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(RepoRoot.Path, File!)));
        foreach (var property in document.RootElement.GetProperty("messageAttributes").EnumerateObject())
        {
            var value = property.Value;
            attributes[property.Name] = new QueueAttribute(
                value.GetProperty("dataType").GetString()!,
                value.TryGetProperty("stringValue", out var text) ? text.GetString() : null,
                value.TryGetProperty("binaryValue", out var binary) ? Convert.FromBase64String(binary.GetString()!) : null);
        }

        return attributes;
    }

    public override string ToString() => Kind;

    private static byte[] Generated(JsonElement generate)
    {
        var shape = generate.GetProperty("shape").GetString();
        if (shape == "padded-data")
        {
            var size = generate.GetProperty("bytes").GetInt32();
            const string Prefix = "{\"type\":\"order.created\",\"data\":{\"blob\":\"";
            const string Suffix = "\"}}";
            return Encoding.UTF8.GetBytes(Prefix + new string('x', size - Prefix.Length - Suffix.Length) + Suffix);
        }

        if (shape == "nested-arrays")
        {
            var depth = generate.GetProperty("depth").GetInt32();
            return Encoding.UTF8.GetBytes("{\"type\":\"order.created\",\"data\":{\"x\":" + new string('[', depth) + new string(']', depth) + "}}");
        }

        throw new InvalidOperationException($"tests/corpus/index.json: unknown generate.shape '{shape}'.");
    }
}
