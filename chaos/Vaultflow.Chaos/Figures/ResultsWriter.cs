using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vaultflow.Chaos.Figures;

/// <summary>chaos/results/latest.json (figures as numbers) and latest.md (the table the README quotes).</summary>
internal static class ResultsWriter
{
    public static void Write(string directory, ChaosFigures f, int messages, bool quick)
    {
        Directory.CreateDirectory(directory);
        using (var stream = File.Create(Path.Combine(directory, "latest.json")))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("generated", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("variant", quick ? "quick" : "full");
            json.WriteNumber("messages", messages);
            json.WriteNumber("sent", f.Sent);
            json.WriteNumber("persisted", f.Persisted);
            json.WriteNumber("unique_valid", f.UniqueValid);
            Object(json, "dlq_by_reason", f.DlqByReason);
            json.WriteNumber("lost", f.Lost);
            json.WriteNumber("duplicate_rows", f.DuplicateRows);
            json.WriteNumber("replays_refused", f.ReplaysRefused);
            json.WriteNumber("plaintext_hits", f.PlaintextHits);
            json.WriteNumber("bad_input_kinds", f.BadInputKinds);
            json.WriteNumber("bad_input_handled", f.BadInputHandled);
            json.WriteString("bad_input_source", f.BadInputSource);
            Strings(json, "bad_input_mismatches", f.BadInputMismatches);
            json.WriteNumber("hostile_valid_sent", f.HostileValidSent);
            json.WriteNumber("hostile_valid_intact", f.HostileValidIntact);
            Strings(json, "hostile_valid_mismatches", f.HostileValidMismatches);
            json.WriteNumber("exact_duplicates_sent", f.ExactDuplicatesSent);
            json.WriteNumber("key_duplicates_sent", f.KeyDuplicatesSent);
            json.WriteNumber("poison_sent", f.PoisonSent);
            json.WriteNumber("poison_parked", f.PoisonParked);
            json.WriteNumber("poison_persisted_after_replay", f.PoisonPersistedAfterReplay);
            json.WriteNumber("poison_with_expected_reason", f.PoisonWithExpectedReason);
            json.WriteNumber("refused_by_sqs", f.RefusedBySqs);
            json.WriteNumber("valid_in_dlq", f.ValidInDlq);
            json.WriteNumber("unmatched_rows", f.UnmatchedRows);
            json.WriteNumber("decrypt_failures", f.DecryptFailures);
            json.WriteNumber("replays_moved", f.ReplaysMoved);
            json.WriteNumber("replay_rounds", f.ReplayRounds);
            Object(json, "retries_by_step", f.RetriesByStep);
            Object(json, "ledger_retries_by_step", f.LedgerRetriesByStep);
            Object(json, "task_errors", f.TaskErrors);
            Object(json, "executions_by_status", f.ExecutionsByStatus);
            Object(json, "plaintext_by_place", f.PlaintextByPlace);
            json.WriteStartObject("faults");
            json.WriteNumber("kms_calls", f.Faults.KmsCalls);
            json.WriteNumber("kms_throttled", f.Faults.KmsThrottled);
            json.WriteNumber("start_execution_throttled", f.Faults.StartExecutionThrottled);
            json.WriteNumber("encrypt_crashes", f.Faults.EncryptCrashes);
            json.WriteNumber("persist_crashes", f.Faults.PersistCrashes);
            json.WriteNumber("dedupe_lost_calls", f.Faults.DedupeLostCalls);
            json.WriteNumber("starter_crashes", f.Faults.StarterCrashes);
            json.WriteNumber("connections_terminated", f.Faults.ConnectionsTerminated);
            json.WriteNumber("terminate_rounds", f.Faults.TerminateRounds);
            json.WriteNumber("server_restarts", f.Faults.ServerRestarted ? 1 : 0);
            json.WriteEndObject();
            json.WriteNumber("settled", f.Settled ? 1 : 0);
            json.WriteNumber("duration_seconds", Math.Round(f.DurationSeconds, 1));
            json.WriteNumber("passed", f.Passed ? 1 : 0);
            json.WriteEndObject();
        }

        File.WriteAllText(Path.Combine(directory, "latest.md"), Markdown(f, messages, quick));
    }

    public static string Markdown(ChaosFigures f, int messages, bool quick)
    {
        var s = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        s.AppendLine(ci, $"Chaos run ({(quick ? "quick" : "full")}, {messages} messages, {f.DurationSeconds:0} s, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC): {(f.Passed ? "PASSED" : "FAILED")}");
        s.AppendLine();
        s.AppendLine("| figure | value |");
        s.AppendLine("|---|---|");
        Row(s, "messages sent", $"{f.Sent} ({f.ExactDuplicatesSent} exact duplicates, {f.KeyDuplicatesSent} producer-key duplicates, {f.PoisonSent} poison, {f.HostileValidSent} hostile-valid{(f.RefusedBySqs > 0 ? $"; {f.RefusedBySqs} refused by SQS itself" : string.Empty)})");
        Row(s, "unique valid messages", f.UniqueValid.ToString(ci));
        Row(s, "rows persisted", $"{f.Persisted} (every row decrypted and matched: {f.UnmatchedRows} unmatched, {f.DecryptFailures} decrypt failures)");
        Row(s, "DLQ by reason", f.DlqByReason.Count == 0 ? "empty" : string.Join(", ", f.DlqByReason.OrderByDescending(p => p.Value).Select(p => $"{p.Key}: {p.Value}")));
        Row(s, "**lost** (valid, neither persisted nor in the DLQ)", $"**{f.Lost}**");
        Row(s, "**duplicate rows**", $"**{f.DuplicateRows}**");
        Row(s, "**plaintext hits** (database + all logs)", $"**{f.PlaintextHits}** ({string.Join(", ", f.PlaintextByPlace.Select(p => $"{p.Key} {p.Value}"))})");
        Row(s, "replay storm", $"{f.ReplayRounds} rounds: {f.ReplaysMoved} moved, {f.ReplaysRefused} refused by the guard");
        Row(s, "retries per step (Step Functions histories)", Join(f.RetriesByStep));
        Row(s, "retries per step (ledger attempts - 1)", Join(f.LedgerRetriesByStep));
        Row(s, "task errors seen", Join(f.TaskErrors));
        Row(s, "executions", Join(f.ExecutionsByStatus));
        Row(s, "bad input (corpus kinds)", $"{f.BadInputKinds} kinds sent, {f.BadInputHandled} handled (every message of the kind in the DLQ with exactly the expected vf-failure and detail phrase); {f.PoisonParked} of {f.PoisonSent} poison messages parked with a reason, {f.PoisonWithExpectedReason} with the expected one (DLQ read before the replay storm); {f.PoisonPersistedAfterReplay} parked for forged vf-* attributes only (valid body) were persisted once after the storm replayed them with Vaultflow's own attributes, the rest still in the DLQ; source: {f.BadInputSource}");
        Row(s, "**bad input mismatches**", f.BadInputMismatches.Count == 0 ? "**none**" : "**" + string.Join("; ", f.BadInputMismatches.Select(p => $"{p.Key}: {p.Value}")) + "**");
        Row(s, "hostile-valid corpus bodies", $"{f.HostileValidIntact} of {f.HostileValidSent} persisted once and decrypted to the same canonical JSON{(f.HostileValidMismatches.Count == 0 ? string.Empty : "; " + string.Join("; ", f.HostileValidMismatches.Select(p => $"{p.Key}: {p.Value}")))}");
        Row(s, "faults injected", $"KMS throttled {f.Faults.KmsThrottled} of {f.Faults.KmsCalls} calls; StartExecution throttled {f.Faults.StartExecutionThrottled}; sandbox crashes after the run: Encrypt {f.Faults.EncryptCrashes}, Persist {f.Faults.PersistCrashes}, Starter {f.Faults.StarterCrashes}; Dedupe calls lost while running {f.Faults.DedupeLostCalls}; connections terminated {f.Faults.ConnectionsTerminated} in {f.Faults.TerminateRounds} rounds; PostgreSQL restart: {f.Faults.RestartNote ?? "none"}");
        Row(s, "settled before the deadline", f.Settled ? "yes" : "no");
        return s.ToString();
    }

    private static void Row(StringBuilder s, string name, string value) => s.Append("| ").Append(name).Append(" | ").Append(value).AppendLine(" |");

    private static string Join<T>(IReadOnlyDictionary<string, T> values) =>
        values.Count == 0 ? "none" : string.Join(", ", values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));

    private static void Strings(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void Object<T>(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, T> values)
        where T : struct, IConvertible
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(key, value.ToInt64(CultureInfo.InvariantCulture));
        }

        json.WriteEndObject();
    }
}
