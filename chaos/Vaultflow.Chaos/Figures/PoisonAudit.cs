using Vaultflow.Chaos.Plan;
using Vaultflow.Chaos.Run;

namespace Vaultflow.Chaos.Figures;

/// <param name="CorpusKindsSent">Distinct corpus kinds the queue accepted (bad_input_kinds).</param>
/// <param name="CorpusKindsHandled">Corpus kinds whose every sent message is in the DLQ with exactly the expected reason (bad_input_handled).</param>
/// <param name="Parked">Poison messages found in the DLQ with any vf-failure.</param>
/// <param name="WithExpectedReason">Poison messages found in the DLQ with the expected vf-failure (and phrase in vf-failure-detail).</param>
/// <param name="PersistedAfterReplay">Poison messages (forged attributes, valid body) persisted once after the storm replayed them.</param>
/// <param name="PersistedKeys">The idempotency keys of those rows (their first SQS message ids), so they are not unmatched rows.</param>
/// <param name="Mismatches">Per kind that is not handled (corpus or marker-carrying): what went wrong. Any entry fails the run.</param>
internal sealed record PoisonAuditResult(
    int CorpusKindsSent, int CorpusKindsHandled, int Parked, int WithExpectedReason, int PersistedAfterReplay, IReadOnlySet<string> PersistedKeys, IReadOnlyDictionary<string, string> Mismatches);

/// <summary>
/// Matches every poison message sent to its DLQ copies by vf-origin-id (the Starter parks a message with its first
/// SQS message id as the origin; replays keep it), so identical bodies with different forged attributes are told apart.
/// The reason and phrase are judged on the DLQ as it was before the replay storm; after the storm every poison message
/// must still be in the DLQ or (a valid body parked for forged attributes, replayed with Vaultflow's own) persisted
/// exactly once, keyed by its first message id.
/// </summary>
internal static class PoisonAudit
{
    public static PoisonAuditResult Run(
        MessagePlan plan, IReadOnlyList<SentMessage> poisonSent, IEnumerable<PlannedMessage> refused, IReadOnlyList<DlqEntry> beforeStorm,
        IReadOnlyList<DlqEntry> atEnd, IReadOnlyList<(string Message, string Key)> foreignRows)
    {
        var byOrigin = beforeStorm.Where(e => e.OriginId is not null).ToLookup(e => e.OriginId!, StringComparer.Ordinal);
        var finalOrigins = atEnd.Where(e => e.OriginId is not null).Select(e => e.OriginId!).ToHashSet(StringComparer.Ordinal);
        var rowsByKey = foreignRows.GroupBy(r => r.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var persistedKeys = new HashSet<string>(StringComparer.Ordinal);
        var persistedAfterReplay = 0;
        var parked = 0;
        var expected = 0;
        var problems = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        void Problem(string kind, string what)
        {
            if (!problems.TryGetValue(kind, out var list))
            {
                problems[kind] = list = [];
            }

            list.Add(what);
        }

        foreach (var message in poisonSent)
        {
            var kind = message.Planned.Poison!;
            var rows = rowsByKey.GetValueOrDefault(message.MessageId);
            if (rows > 0)
            {
                persistedKeys.Add(message.MessageId);
                persistedAfterReplay += rows == 1 ? 1 : 0;
            }

            if (rows > 1 || (rows == 0 && !finalOrigins.Contains(message.MessageId)))
            {
                Problem(kind.Kind, rows > 1 ? $"persisted {rows} times after the replay storm" : "after the replay storm neither in the DLQ nor persisted");
            }

            var copies = byOrigin[message.MessageId].Where(e => e.Reason != DlqSnapshot.NoReason).ToList();
            if (copies.Count == 0)
            {
                Problem(kind.Kind, "not in the DLQ with a vf-failure");
                continue;
            }

            parked++;
            var wrong = copies.Where(e => e.Reason != kind.Reason).Select(e => e.Reason).Distinct(StringComparer.Ordinal).ToList();
            var phraseMissing = kind.Phrase is not null && !copies.Any(e => e.Detail?.Contains(kind.Phrase, StringComparison.Ordinal) == true);
            if (wrong.Count > 0)
            {
                Problem(kind.Kind, $"vf-failure {string.Join("/", wrong)}, expected {kind.Reason}");
            }
            else if (phraseMissing)
            {
                Problem(kind.Kind, $"vf-failure-detail lacks \"{kind.Phrase}\"");
            }
            else
            {
                expected++;
            }
        }

        foreach (var message in refused.Where(m => m.Kind == MessageKind.Poison))
        {
            Problem(message.Poison!.Kind, "refused by SQS itself (not sent)");
        }

        var sentKinds = poisonSent.Select(s => s.Planned.Poison!).Where(k => k.FromCorpus).Select(k => k.Kind).ToHashSet(StringComparer.Ordinal);
        foreach (var kind in plan.PoisonKinds.Where(k => !sentKinds.Contains(k.Kind) && k.FromCorpus))
        {
            Problem(kind.Kind, "never sent");
        }

        var mismatches = problems.ToDictionary(
            p => p.Key,
            p => string.Join("; ", p.Value.GroupBy(v => v, StringComparer.Ordinal).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} (x{g.Count()})")),
            StringComparer.Ordinal);
        return new PoisonAuditResult(sentKinds.Count, sentKinds.Count(k => !problems.ContainsKey(k)), parked, expected, persistedAfterReplay, persistedKeys, mismatches);
    }
}
