using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Vaultflow.Aws.Replay;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Routing;

namespace Vaultflow.Cli.Commands;

/// <summary><c>vaultflow replay</c>: DLQ -> ingest queue through the recursion guard, send before delete.</summary>
internal static class ReplayCommand
{
    private const string Help = """

        Receives DLQ messages, checks the recursion guard on the next hop, sends a copy to the ingest
        queue with vf-replay-count + 1 and vf-hops + 1 (vf-origin-id kept, vf-failure and
        vf-failure-detail removed, the producer's attributes kept), and only then deletes the original.
        A crash between send and delete leaves a duplicate, which the workflow dedupes: never a loss.
        Refused messages stay in the DLQ and are listed with the reason. Messages not selected
        (--reason, --max) are released at once.

        Why not SQS StartMessageMoveTask: it moves messages blindly, so it cannot apply the recursion
        guard or rewrite the vf-* counts (a poison message would loop forever), and the local SQS
        (fauxqs) does not implement it.

        Examples:
          vaultflow replay --dry-run
          vaultflow replay --reason invalid-json --max 10
          vaultflow replay --rate 5
          vaultflow replay --reason recursion-guard --force     # fresh replay budget, logged loudly

        Exit codes: 0 all selected messages moved or refused by the guard; 1 when any failed; 2 usage.
        """;

    public static Command Create(CliHost host)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would move; move nothing." };
        var reason = new Option<string?>("--reason") { Description = "Only messages whose vf-failure is CODE (see `vaultflow dlq`)." };
        var max = new Option<int?>("--max") { Description = "Handle at most N messages." };
        var rate = new Option<string?>("--rate") { Description = "At most N sends per second, e.g. 5 or 5/s." };
        var force = new Option<bool>("--force") { Description = "Grant a fresh replay budget (reset vf-replay-count and vf-hops); every forced message is logged." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("replay", "Move DLQ messages back to the ingest queue, through the recursion guard." + Help)
        {
            dryRun, reason, max, rate, force, json,
        };

        CommandRunner.SetStackAction(command, host, parse => async (stack, output, ct) =>
        {
            var options = new ReplayOptions
            {
                DlqUrl = stack.Require(SettingNames.DlqUrl, stack.Settings.DlqUrl, "the DLQ URL"),
                IngestQueueUrl = stack.Require(SettingNames.IngestQueueUrl, stack.Settings.IngestQueueUrl, "the ingest queue URL"),
                DryRun = parse.GetValue(dryRun),
                Reason = parse.GetValue(reason),
                Max = parse.GetValue(max),
                RatePerSecond = ParseRate(parse.GetValue(rate)),
                Force = parse.GetValue(force),
                Guard = new RecursionGuardOptions { MaxReplays = stack.Settings.MaxReplays, MaxHops = stack.Settings.MaxHops },
                AfterSend = host.Environment.Get(CliHost.CrashAfterSendVariable) == "1" ? CrashAfterSend : null,
            };
            return await RunAsync(options, parse.GetValue(json), stack, output, ct).ConfigureAwait(false);
        });
        return command;
    }

    internal static double? ParseRate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var number = text.EndsWith("/s", StringComparison.OrdinalIgnoreCase) ? text[..^2] : text;
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 10_000
            ? value
            : throw new UsageException($"--rate '{text}' is not a rate: use a number of messages per second such as 5 or 0.5/s (at most 10000)");
    }

    private static async Task<int> RunAsync(ReplayOptions options, bool json, StackConfiguration stack, CommandOutput output, CancellationToken cancellationToken)
    {
        if (options.Force)
        {
            output.Warn("--force: the recursion guard's counts are reset for every replayed message (a fresh replay budget). Each forced message is listed below; use it only after fixing the cause.");
        }

        using var sqs = AwsClients.Sqs(stack);
        using var logs = new StderrLoggerProvider(output.Error, LogLevel.Warning);
        var replayer = new DlqReplayer(sqs, logs.CreateLogger("replay"));
        ReplayReport report;
        if (output.Interactive && !json)
        {
            report = await output.Console.Status().StartAsync("replaying the DLQ...", async context =>
                await replayer.RunAsync(
                    options with { Progress = new Progress<ReplayProgress>(p => context.Status($"replaying: {p.Moved} moved, {p.Refused} refused, {p.Failed} failed")) },
                    cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
        else
        {
            report = await replayer.RunAsync(options, cancellationToken).ConfigureAwait(false);
        }

        if (json)
        {
            WriteJson(report, output);
        }
        else
        {
            WriteText(report, output);
        }

        return report.HasFailures ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>The test hook: die like a killed process right after the first copy is sent.</summary>
    private static Task CrashAfterSend(ReplayMove move, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"{CliHost.CrashAfterSendVariable}=1: exiting after sending {move.NewMessageId} and before deleting {move.DlqMessageId}");
        Environment.Exit(CliHost.CrashExitCode);
        return Task.CompletedTask;
    }

    internal static void WriteText(ReplayReport report, CommandOutput output)
    {
        var verb = report.DryRun ? "would move" : "moved";
        var rows = new List<IReadOnlyList<string>>();
        rows.AddRange(report.Moved.Select(m => (IReadOnlyList<string>)[report.DryRun ? "would-move" : "moved", m.DlqMessageId, m.FailureReason, m.NewMessageId ?? "-", $"replay {m.ReplayCount}, hops {m.Hops}{(m.Forced ? ", FORCED" : string.Empty)}"]));
        rows.AddRange(report.Refused.Select(r => (IReadOnlyList<string>)["refused", r.DlqMessageId, r.FailureReason, "-", $"{r.RefusalReason}: {r.Detail}"]));
        rows.AddRange(report.Failed.Select(f => (IReadOnlyList<string>)["failed", f.DlqMessageId, f.FailureReason, "-", f.Error]));
        if (rows.Count > 0)
        {
            output.Table(["outcome", "dlq-message-id", "vf-failure", "new-message-id", "detail"], rows);
        }

        var notes = new List<string>();
        if (report.StoppedAtMax)
        {
            notes.Add("stopped at --max");
        }

        if (report.ReceiveLimitReached)
        {
            notes.Add("stopped at the receive limit; run again for the rest");
        }

        output.Line(string.Create(CultureInfo.InvariantCulture, $"{verb} {report.Moved.Count}, refused {report.Refused.Count}, failed {report.Failed.Count}, skipped {report.Skipped}{(notes.Count > 0 ? " (" + string.Join("; ", notes) + ")" : string.Empty)}"));
    }

    private static void WriteJson(ReplayReport report, CommandOutput output) => output.Json(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("dryRun", report.DryRun);
        w.WriteStartArray("moved");
        foreach (var m in report.Moved)
        {
            w.WriteStartObject();
            w.WriteString("dlqMessageId", m.DlqMessageId);
            w.WriteString("newMessageId", m.NewMessageId);
            w.WriteString("reason", m.FailureReason);
            w.WriteNumber("replayCount", m.ReplayCount);
            w.WriteNumber("hops", m.Hops);
            w.WriteBoolean("forced", m.Forced);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("refused");
        foreach (var r in report.Refused)
        {
            w.WriteStartObject();
            w.WriteString("dlqMessageId", r.DlqMessageId);
            w.WriteString("reason", r.FailureReason);
            w.WriteString("refusal", r.RefusalReason);
            w.WriteString("detail", r.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("failed");
        foreach (var f in report.Failed)
        {
            w.WriteStartObject();
            w.WriteString("dlqMessageId", f.DlqMessageId);
            w.WriteString("reason", f.FailureReason);
            w.WriteString("error", f.Error);
            w.WriteBoolean("copySent", f.CopySent);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("skipped", report.Skipped);
        w.WriteBoolean("stoppedAtMax", report.StoppedAtMax);
        w.WriteEndObject();
    });
}
