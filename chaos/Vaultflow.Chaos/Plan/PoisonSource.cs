using Vaultflow.Core.Workflow.Ports;
using Vaultflow.Corpus;

namespace Vaultflow.Chaos.Plan;

/// <summary>One kind of bad input the run sends and the reason (and detail phrase) it must be parked with.</summary>
/// <param name="FromCorpus">True for tests/corpus kinds (counted in bad_input_kinds); false for the run's marker-carrying extras.</param>
internal sealed record PoisonKind(string Kind, string Reason, string? Phrase, string Body, IReadOnlyDictionary<string, QueueAttribute> Attributes, bool FromCorpus);

/// <summary>A hostile but valid body from the corpus: it must be persisted and decrypt to the same canonical JSON.</summary>
internal sealed record HostileValidKind(string Kind, string Body);

/// <summary>
/// The bad input of a run, from tests/corpus/index.json: every kind that enters through SQS (body or attributes),
/// that SQS can carry (viaSqs) and that must be dead-lettered; plus the corpus's hostile-but-valid SQS bodies
/// (persist-intact). Four run-made kinds carry the plaintext marker, so a rejected message that leaked into a
/// log would be found (they are poison, but not corpus kinds).
/// </summary>
internal static class PoisonSource
{
    public static (IReadOnlyList<PoisonKind> Poison, IReadOnlyList<HostileValidKind> HostileValid) Load(string repoRoot, string marker)
    {
        var entries = CorpusReader.Load(repoRoot);
        var poison = entries
            .Where(e => e.ViaSqs && e.Expect == CorpusReader.DeadLetter && e.Enters is CorpusReader.SqsBody or CorpusReader.SqsAttributes)
            .Select(e => new PoisonKind(e.Kind, e.Reason!, e.Phrase, BodyOf(e), e.Attributes(), FromCorpus: true))
            .ToList();
        var none = new Dictionary<string, QueueAttribute>();
        poison.Add(new("chaos.truncated-with-marker", "truncated-json", null, $"{{\"type\":\"chaos.order\",\"data\":{{\"note\":\"{marker}-poison", none, false));
        poison.Add(new("chaos.unknown-field-with-marker", "unknown-field", null, $"{{\"type\":\"chaos.order\",\"data\":{{\"note\":\"{marker}-poison\"}},\"secret\":\"{marker}-poison\"}}", none, false));
        poison.Add(new("chaos.data-not-object-with-marker", "data-not-object", null, $"{{\"type\":\"chaos.order\",\"data\":\"{marker}-poison\"}}", none, false));
        poison.Add(new("chaos.email-not-string-with-marker", "wrong-type", null, $"{{\"type\":\"chaos.order\",\"data\":{{\"note\":\"{marker}-poison\"}},\"search\":{{\"email\":42}}}}", none, false));

        var hostile = entries
            .Where(e => e.ViaSqs && e.Expect == CorpusReader.PersistIntact && e.Enters == CorpusReader.SqsBody)
            .Select(e => new HostileValidKind(e.Kind, BodyOf(e)))
            .ToList();
        return (poison, hostile);
    }

    private static string BodyOf(CorpusEntry entry) =>
        entry.BodyText() ?? throw new InvalidOperationException($"tests/corpus/index.json: kind '{entry.Kind}' says viaSqs but its body is not UTF-8 text; set viaSqs to false.");
}
