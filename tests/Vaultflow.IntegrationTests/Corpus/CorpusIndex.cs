using Vaultflow.Corpus;
using Vaultflow.IntegrationTests.Support;

namespace Vaultflow.IntegrationTests.Corpus;

/// <summary>
/// tests/corpus/index.json: one entry per bad-input kind (file, where it enters, what must happen),
/// loaded by the shared <see cref="CorpusReader"/>. The chaos run links that reader, so its bad_input_kinds figure and these tests count the same thing.
/// </summary>
internal static class CorpusIndex
{
    public const string SqsBody = CorpusReader.SqsBody;
    public const string SqsAttributes = CorpusReader.SqsAttributes;
    public const string ConsoleInput = CorpusReader.ConsoleInput;
    public const string DeadLetter = CorpusReader.DeadLetter;
    public const string PersistIntact = CorpusReader.PersistIntact;
    public const string Start = CorpusReader.Start;

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

    private static List<CorpusEntry> Load() => CorpusReader.Load(RepoRoot.Path);
}
