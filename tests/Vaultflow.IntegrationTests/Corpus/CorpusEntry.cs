using System.Text;
using System.Text.Json;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Corpus;

/// <summary>
/// Reads tests/corpus/index.json. Shared as source by the corpus tests and the chaos run (chaos/Vaultflow.Chaos links
/// this file), so both send the same bytes for a kind and count the same kinds.
/// </summary>
internal static class CorpusReader
{
    public const string SqsBody = "sqs-body";
    public const string SqsAttributes = "sqs-attributes";
    public const string ConsoleInput = "console-input";
    public const string DeadLetter = "dead-letter";
    public const string PersistIntact = "persist-intact";
    public const string Start = "start";

    /// <summary>Every entry of <c>tests/corpus/index.json</c> under <paramref name="repoRoot"/>, in index order.</summary>
    public static List<CorpusEntry> Load(string repoRoot)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(repoRoot, "tests", "corpus", "index.json")));
        return document.RootElement.GetProperty("kinds").EnumerateArray().Select(e => new CorpusEntry(
            repoRoot,
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

/// <summary>One corpus kind (<paramref name="RepoRoot"/>: the checkout its file is relative to).</summary>
internal sealed record CorpusEntry(string RepoRoot, string Kind, string? File, string Enters, string Expect, string? Reason, string? Phrase, bool ViaSqs, JsonElement? Generate)
{
    /// <summary>The raw bytes: the file, or generated (too-large, extreme nesting). For sqs-attributes, the body.</summary>
    public byte[] Bytes()
    {
        if (Generate is { } generate)
        {
            return Generated(generate);
        }

        var bytes = System.IO.File.ReadAllBytes(Path.Combine(RepoRoot, File!));
        if (Enters != CorpusReader.SqsAttributes)
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
        if (Enters != CorpusReader.SqsAttributes)
        {
            return attributes;
        }

        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(RepoRoot, File!)));
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
