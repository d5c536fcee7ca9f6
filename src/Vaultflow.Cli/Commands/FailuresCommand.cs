using System.CommandLine;
using System.Globalization;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Storage.Failures;
using Vaultflow.Core.Workflow.Failures;

namespace Vaultflow.Cli.Commands;

/// <summary><c>vaultflow failures</c>: the failures table (what RouteFailure recorded), newest first, with the next step.</summary>
internal static class FailuresCommand
{
    private const string Help = """

        Every message RouteFailure handled leaves a row: its reason (the DLQ's vf-failure code), execution,
        idempotency key, message id and error type; never message content. Reason dlq-refused means the
        DLQ refused the message for good: it is not in the DLQ, only in the execution's input. Fix the DLQ
        (the cause names the SQS error: access, missing queue, KMS key), then `vaultflow redrive <execution>`.
        A dlq-refused row shows as done once a redrive has parked the message (a later row of that execution).
        Reads the database in VAULTFLOW_DB (local stack: local.json); the app role's SELECT is enough.

        Examples:
          vaultflow failures
          vaultflow failures --reason dlq-refused --since 24h
          vaultflow failures --since 2h --max 200 --json

        Exit codes: 0 listed (also when none match); 1 failure (database unreachable); 2 usage.
        """;

    public static Command Create(Configuration.CliHost host)
    {
        var reason = new Option<string?>("--reason") { Description = "Only rows with this reason code (e.g. dlq-refused, retries-exhausted, invalid-json)." };
        var since = new Option<string?>("--since") { Description = "Only rows from the last DURATION (90s, 15m, 2h, 7d)." };
        var max = new Option<int>("--max") { Description = "Show at most N rows.", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print as JSON (with the cause)." };
        var command = new Command("failures", "List the failures table (reason, execution, keys, error type, next step)." + Help) { reason, since, max, json };
        CommandRunner.SetStackAction(command, host, parse => async (stack, output, ct) =>
        {
            var limit = parse.GetValue(max);
            if (limit < 1 || limit > FailureReader.MaxRows)
            {
                throw new UsageException($"--max must be between 1 and {FailureReader.MaxRows}");
            }

            var code = parse.GetValue(reason);
            if (code is not null && string.IsNullOrWhiteSpace(code))
            {
                throw new UsageException("--reason needs a reason code, e.g. dlq-refused");
            }

            DateTimeOffset? from = parse.GetValue(since) is { } text ? DateTimeOffset.UtcNow - DurationText.Parse(text, "--since") : null;
            var connection = stack.Require(SettingNames.Database, stack.Settings.DatabaseConnectionString, "the database connection string");
            await using var dataSource = VaultflowDatabase.CreateDataSource(new VaultflowDatabaseOptions(connection) { ApplicationName = "vaultflow-cli" });
            var rows = await new FailureReader(dataSource).ListAsync(new FailureQuery(code, from, limit), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                WriteJson(rows, output);
            }
            else
            {
                WriteText(rows, limit, output);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>What the operator does about a row.</summary>
    internal static string NextStep(StoredFailure row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Reason != FailureReasons.DlqRefused)
        {
            return "in the DLQ with this reason: vaultflow dlq, then vaultflow replay after the fix";
        }

        if (row.ResolvedAt is { } resolved)
        {
            return string.Create(CultureInfo.InvariantCulture, $"done: a redrive put it in the DLQ at {resolved:u}");
        }

        return row.ExecutionName is { } name
            ? $"fix the DLQ, then vaultflow redrive {name}"
            : "fix the DLQ, then redrive the execution (vaultflow executions --status FAILED)";
    }

    internal static void WriteText(IReadOnlyList<StoredFailure> rows, int limit, Support.CommandOutput output)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        output.Table(
            ["when", "reason", "execution", "idempotency-key", "message-id", "error-type", "next-step"],
            rows.Select(r => (IReadOnlyList<string>)[
                r.CreatedAt.ToString("u", CultureInfo.InvariantCulture), r.Reason, r.ExecutionName ?? "-", r.IdempotencyKey ?? "-",
                r.SourceMessageId ?? "-", r.ErrorType ?? "-", NextStep(r)]));
        var waiting = rows.Count(r => r.Reason == FailureReasons.DlqRefused && r.ResolvedAt is null);
        output.Line(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} failure(s), newest first{(rows.Count == limit ? " (--max reached: there may be more)" : string.Empty)}{(waiting > 0 ? $"; {waiting} dlq-refused waiting for a redrive" : string.Empty)}"));
    }

    private static void WriteJson(IReadOnlyList<StoredFailure> rows, Support.CommandOutput output) => output.Json(w =>
    {
        w.WriteStartArray();
        foreach (var r in rows)
        {
            w.WriteStartObject();
            w.WriteNumber("id", r.Id);
            w.WriteString("createdAt", r.CreatedAt);
            w.WriteString("reason", r.Reason);
            w.WriteString("executionName", r.ExecutionName);
            w.WriteString("idempotencyKey", r.IdempotencyKey);
            w.WriteString("messageId", r.SourceMessageId);
            w.WriteString("errorType", r.ErrorType);
            w.WriteString("cause", r.Cause);
            if (r.ResolvedAt is { } resolved)
            {
                w.WriteString("resolvedAt", resolved);
            }

            w.WriteString("nextStep", NextStep(r));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });
}
