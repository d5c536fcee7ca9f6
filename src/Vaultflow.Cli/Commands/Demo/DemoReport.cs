using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Vaultflow.Cli.Commands.Support;

namespace Vaultflow.Cli.Commands.Demo;

/// <summary>Prints a <see cref="DemoResult"/>: tables (plain rows when redirected or CI=true) or one JSON document.</summary>
internal static class DemoReport
{
    public static void WriteText(DemoResult result, CommandOutput output)
    {
        if (output.Interactive)
        {
            output.Console.Write(OutcomeTable(result));
        }
        else
        {
            PlainOutcomes(result, output);
        }

        WriteAfterOutcomes(result, output);
    }

    /// <summary>On a terminal: outcomes in colour, long execution names cut with an ellipsis instead of wrapping the table.</summary>
    private static Table OutcomeTable(DemoResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Where every sample went");
        table.AddColumn(new TableColumn("message").NoWrap());
        table.AddColumn(new TableColumn("outcome").NoWrap());
        table.AddColumn(new TableColumn("execution"));
        table.AddColumn(new TableColumn("record-id").NoWrap());
        table.AddColumn(new TableColumn("check").NoWrap());
        foreach (var o in result.Outcomes)
        {
            var colour = o.Outcome switch
            {
                DemoOutcome.Persisted => "green",
                DemoOutcome.Duplicate => "yellow",
                DemoOutcome.DeadLetter => "red",
                _ => "grey",
            };
            var outcome = o.Outcome + (o.Reason is null ? string.Empty : " " + o.Reason);
            table.AddRow(
                new Text(o.Sent.Sample.Source),
                new Markup($"[{colour}]{Markup.Escape(outcome)}[/]"),
                new Text(o.ExecutionName ?? "-").Overflow(Overflow.Ellipsis),
                new Text(o.RecordId?.ToString() ?? "-"),
                o.Matches ? new Markup("[green]ok[/]") : new Markup($"[red bold]EXPECTED {Markup.Escape(DemoResult.Expected(o.Sent.Sample))}[/]"));
        }

        return table;
    }

    private static void PlainOutcomes(DemoResult result, CommandOutput output)
    {
        output.Table(
            ["message", "outcome", "execution", "record-id", "check"],
            result.Outcomes.Select(o => (IReadOnlyList<string>)
            [
                o.Sent.Sample.Source,
                o.Outcome + (o.Reason is null ? string.Empty : " " + o.Reason),
                o.ExecutionName ?? "-",
                o.RecordId?.ToString() ?? "-",
                o.Matches ? "ok" : "EXPECTED " + DemoResult.Expected(o.Sent.Sample),
            ]),
            "Where every sample went");
    }

    private static void WriteAfterOutcomes(DemoResult result, CommandOutput output)
    {
        if (result.Skipped.Count > 0)
        {
            output.Line($"not sent (SQS refuses these bodies): {string.Join(", ", result.Skipped)}");
        }

        output.Line(string.Create(CultureInfo.InvariantCulture, $"DLQ replay: moved {result.Replay.Moved.Count}, refused {result.Replay.Refused.Count} by the recursion guard, failed {result.Replay.Failed.Count}"));
        if (result.Replay.Refused.Count > 0)
        {
            output.Table(
                ["message", "vf-failure", "refused as", "detail"],
                result.Replay.Refused.Select(r => (IReadOnlyList<string>)[SourceOf(result, r.DlqMessageId), r.FailureReason, r.RefusalReason, r.Detail]),
                "Refused by the replay (they stay in the DLQ)");
        }

        output.Table(
            ["message", "back in the DLQ as", "vf-replay-count", "vf-hops"],
            result.Returned.Select(r => (IReadOnlyList<string>)[r.Sent.Sample.Source, r.Reason, r.ReplayCount, r.Hops]),
            string.Create(CultureInfo.InvariantCulture, $"Poison after one replay (the guard refuses a replay after {result.MaxReplays}; VAULTFLOW_MAX_REPLAYS)"));
        if (result.Decrypted is { } record)
        {
            output.Table(
                ["field", "value"],
                [
                    ["record-id", record.RecordId.ToString()],
                    ["idempotency-key", record.IdempotencyKey],
                    ["type", record.Type ?? "-"],
                    ["execution", record.ExecutionName ?? "-"],
                    ["message", record.Message.GetRawText()],
                ],
                "One record, decrypted (vaultflow get " + record.RecordId + ")");
        }

        var counts = result.Outcomes.GroupBy(o => o.Outcome, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
        output.Line($"{result.Outcomes.Count} messages: {string.Join(", ", counts)}; {(result.Cause is null ? "every outcome matches the samples' expectations" : "MISMATCH")}");
    }

    /// <summary>The sample a DLQ message id belongs to (a letter this run parked), else the id itself (an older letter).</summary>
    private static string SourceOf(DemoResult result, string dlqMessageId) =>
        result.Parked.FirstOrDefault(p => p.Sent.DlqMessageId == dlqMessageId)?.Sent.Sample.Source ?? dlqMessageId;

    public static void WriteJson(DemoResult result, string stateDirectory, int? stackProcessId, CommandOutput output) => output.Json(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("ok", result.Cause is null);
        w.WriteString("cause", result.Cause);
        w.WriteString("runId", result.RunId);
        w.WriteString("stateDirectory", stateDirectory);
        w.WriteBoolean("startedStack", stackProcessId is not null);
        if (stackProcessId is { } pid)
        {
            w.WriteNumber("stackProcessId", pid);
        }

        w.WriteStartArray("messages");
        foreach (var o in result.Outcomes)
        {
            w.WriteStartObject();
            w.WriteString("source", o.Sent.Sample.Source);
            w.WriteString("channel", o.Sent.Sample.Channel switch
            {
                DemoChannel.Console => "console",
                DemoChannel.DeadLetterQueue => "dlq",
                _ => "queue",
            });
            w.WriteString("id", o.Sent.Id);
            w.WriteString("idempotencyKey", o.Sent.Key);
            w.WriteString("expected", DemoResult.Expected(o.Sent.Sample));
            w.WriteString("outcome", o.Outcome);
            w.WriteString("reason", o.Reason);
            w.WriteString("executionName", o.ExecutionName);
            w.WriteString("recordId", o.RecordId?.ToString());
            w.WriteBoolean("matches", o.Matches);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("skipped");
        foreach (var s in result.Skipped)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
        w.WriteStartObject("dlqByReason");
        foreach (var g in result.Outcomes.Where(o => o.Outcome == DemoOutcome.DeadLetter).GroupBy(o => o.Reason!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(g.Key, g.Count());
        }

        w.WriteEndObject();
        w.WriteStartObject("replay");
        w.WriteNumber("moved", result.Replay.Moved.Count);
        w.WriteNumber("refused", result.Replay.Refused.Count);
        w.WriteNumber("failed", result.Replay.Failed.Count);
        w.WriteNumber("maxReplays", result.MaxReplays);
        w.WriteStartArray("refusals");
        foreach (var r in result.Replay.Refused)
        {
            w.WriteStartObject();
            w.WriteString("source", result.Parked.FirstOrDefault(p => p.Sent.DlqMessageId == r.DlqMessageId)?.Sent.Sample.Source);
            w.WriteString("dlqMessageId", r.DlqMessageId);
            w.WriteString("reason", r.FailureReason);
            w.WriteString("refusal", r.RefusalReason);
            w.WriteString("detail", r.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("returned");
        foreach (var r in result.Returned)
        {
            w.WriteStartObject();
            w.WriteString("source", r.Sent.Sample.Source);
            w.WriteString("originId", r.Sent.Id);
            w.WriteString("reason", r.Reason);
            w.WriteString("replayCount", r.ReplayCount);
            w.WriteString("hops", r.Hops);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        if (result.Decrypted is { } record)
        {
            w.WriteStartObject("decrypted");
            w.WriteString("recordId", record.RecordId.ToString());
            w.WriteString("idempotencyKey", record.IdempotencyKey);
            w.WriteString("type", record.Type);
            w.WritePropertyName("message");
            record.Message.WriteTo(w);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });
}
