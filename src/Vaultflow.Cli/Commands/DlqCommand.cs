using System.CommandLine;
using System.Globalization;
using Vaultflow.Aws.Replay;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Configuration;

namespace Vaultflow.Cli.Commands;

/// <summary><c>vaultflow dlq</c>: what is in the DLQ, by reason, without consuming anything.</summary>
internal static class DlqCommand
{
    private const string Help = """

        Looks at the DLQ with VisibilityTimeout 0 receives: messages stay in place and visible (their
        ApproximateReceiveCount rises). The scan is bounded (--max-receives); when it could not see
        every message the output says the scan was partial. body-encoding names a body parked in a
        reduced form (vf-body-encoding: json-string or gzip-base64); `vaultflow replay` restores the original.

        Examples:
          vaultflow dlq
          vaultflow dlq --json | jq '.byReason'
        """;

    public static Command Create(CliHost host)
    {
        var json = new Option<bool>("--json") { Description = "Print counts and messages as JSON." };
        var maxReceives = new Option<int>("--max-receives") { Description = "Receive calls at most (10 messages each).", DefaultValueFactory = _ => 25 };
        var command = new Command("dlq", "Count the DLQ's messages by reason and list them, without consuming them." + Help) { json, maxReceives };
        CommandRunner.SetStackAction(command, host, parse => async (stack, output, ct) =>
        {
            var dlq = stack.Require(SettingNames.DlqUrl, stack.Settings.DlqUrl, "the DLQ URL");
            using var sqs = AwsClients.Sqs(stack);
            var summary = await new DlqInspector(sqs).ScanAsync(dlq, parse.GetValue(maxReceives), cancellationToken: ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                WriteJson(summary, output);
            }
            else
            {
                WriteText(summary, dlq, output);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static void WriteText(DlqSummary summary, string dlq, CommandOutput output)
    {
        output.Table(["reason", "count"], summary.ByReason.Select(r => (IReadOnlyList<string>)[r.Reason, r.Count.ToString(CultureInfo.InvariantCulture)]), "DLQ by reason");
        if (summary.Messages.Count > 0)
        {
            output.Table(
                ["message-id", "reason", "replay", "hops", "sent", "body-encoding", "detail"],
                summary.Messages.OrderBy(m => m.SentAt).Select(m => (IReadOnlyList<string>)[m.MessageId, m.Reason, m.ReplayCount ?? "0", m.Hops ?? "0", m.SentAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-", m.BodyEncoding ?? "-", m.Detail ?? string.Empty]),
                "DLQ messages");
        }

        output.Line(string.Create(CultureInfo.InvariantCulture, $"{summary.Messages.Count} message(s) seen in {dlq} (approximately {summary.ApproximateTotal} in the queue, in flight included){(summary.Partial ? "; the scan was partial: some messages were not seen (in flight, or beyond --max-receives)" : string.Empty)}"));
    }

    private static void WriteJson(DlqSummary summary, CommandOutput output) => output.Json(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("approximateTotal", summary.ApproximateTotal);
        w.WriteNumber("seen", summary.Messages.Count);
        w.WriteBoolean("partial", summary.Partial);
        w.WriteStartObject("byReason");
        foreach (var (reason, count) in summary.ByReason)
        {
            w.WriteNumber(reason, count);
        }

        w.WriteEndObject();
        w.WriteStartArray("messages");
        foreach (var m in summary.Messages)
        {
            w.WriteStartObject();
            w.WriteString("messageId", m.MessageId);
            w.WriteString("reason", m.Reason);
            w.WriteString("detail", m.Detail);
            w.WriteString("replayCount", m.ReplayCount);
            w.WriteString("hops", m.Hops);
            w.WriteString("originId", m.OriginId);
            w.WriteString("bodyEncoding", m.BodyEncoding);
            if (m.SentAt is { } sent)
            {
                w.WriteString("sentAt", sent);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });
}
