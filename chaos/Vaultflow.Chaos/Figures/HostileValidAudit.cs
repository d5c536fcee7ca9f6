using System.Text.Json;
using Vaultflow.Chaos.Plan;
using Vaultflow.Chaos.Run;
using Vaultflow.Core.Contract;

namespace Vaultflow.Chaos.Figures;

/// <param name="Sent">Hostile-valid corpus messages the queue accepted.</param>
/// <param name="Intact">Of those, persisted exactly once and decrypted to the sent body's canonical JSON.</param>
/// <param name="Mismatches">Per kind not intact: what was found. Any entry fails the run.</param>
/// <param name="UnmatchedRows">Rows that carry neither this run's marker nor a hostile-valid body.</param>
internal sealed record HostileValidAuditResult(int Sent, int Intact, IReadOnlyDictionary<string, string> Mismatches, int UnmatchedRows);

/// <summary>The corpus's hostile-but-valid bodies among the decrypted rows: each must be stored once and unchanged.</summary>
internal static class HostileValidAudit
{
    public static HostileValidAuditResult Run(MessagePlan plan, IReadOnlyList<SentMessage> sent, IReadOnlyList<string> foreignMessages)
    {
        var rows = foreignMessages.GroupBy(m => m, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var sentKinds = sent.Where(s => s.Planned.Kind == MessageKind.HostileValid).Select(s => s.Planned).ToList();
        var mismatches = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var intact = 0;
        foreach (var message in sentKinds)
        {
            using var document = JsonDocument.Parse(message.Body);
            var canonical = CanonicalJson.SerializeToString(document.RootElement);
            var found = rows.TryGetValue(canonical, out var n) ? n : 0;
            rows.Remove(canonical);
            if (found == 1)
            {
                intact++;
            }
            else
            {
                mismatches[message.HostileKind!] = found == 0 ? "no row decrypts to the sent body's canonical JSON" : $"{found} rows";
            }
        }

        foreach (var kind in plan.HostileValid.Where(k => sentKinds.All(s => s.HostileKind != k.Kind)))
        {
            mismatches[kind.Kind] = "not sent (refused by SQS)";
        }

        return new HostileValidAuditResult(sentKinds.Count, intact, mismatches, rows.Values.Sum());
    }
}
