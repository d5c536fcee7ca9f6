using System.CommandLine;
using System.Globalization;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Configuration;

namespace Vaultflow.Cli.Commands;

/// <summary><c>vaultflow executions</c>: the state machine's executions, newest first (the local console view).</summary>
internal static class ExecutionsCommand
{
    internal static readonly string[] Statuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];

    private const string Help = """

        Examples:
          vaultflow executions
          vaultflow executions --status FAILED --max 20
          vaultflow executions --name order-42 --json
        """;

    public static Command Create(CliHost host)
    {
        var status = new Option<string?>("--status") { Description = "Only executions in this status: " + string.Join(", ", Statuses) + "." };
        var name = new Option<string?>("--name") { Description = "Only executions whose name contains this text." };
        var max = new Option<int>("--max") { Description = "Show at most N executions.", DefaultValueFactory = _ => 50 };
        var stateMachine = new Option<string?>("--state-machine-arn") { Description = "List this state machine instead of the configured one." };
        var json = new Option<bool>("--json") { Description = "Print as JSON." };
        var command = new Command("executions", "List the state machine's executions." + Help) { status, name, max, stateMachine, json };
        CommandRunner.SetStackAction(command, host, parse => async (stack, output, ct) =>
        {
            var statusFilter = parse.GetValue(status)?.ToUpperInvariant();
            if (statusFilter is not null && !Statuses.Contains(statusFilter, StringComparer.Ordinal))
            {
                throw new UsageException($"--status '{parse.GetValue(status)}' is not an execution status; use one of {string.Join(", ", Statuses)}");
            }

            var limit = parse.GetValue(max);
            if (limit < 1)
            {
                throw new UsageException("--max must be 1 or more");
            }

            var arn = parse.GetValue(stateMachine) ?? stack.Require(SettingNames.StateMachineArn, stack.Settings.StateMachineArn, "the state machine ARN");
            using var sfn = AwsClients.StepFunctions(stack);
            var found = await ListAsync(sfn, arn, statusFilter, parse.GetValue(name), limit, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                output.Json(w =>
                {
                    w.WriteStartArray();
                    foreach (var e in found)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", e.Name);
                        w.WriteString("status", e.Status);
                        w.WriteString("executionArn", e.ExecutionArn);
                        w.WriteString("startDate", e.StartDate);
                        if (e.StopDate is { } stop)
                        {
                            w.WriteString("stopDate", stop);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }
            else
            {
                output.Table(
                    ["name", "status", "started", "duration"],
                    found.Select(e => (IReadOnlyList<string>)[e.Name, e.Status, e.StartDate.ToString("u", CultureInfo.InvariantCulture), Duration(e.StartDate, e.StopDate)]));
                output.Line($"{found.Count} execution(s) of {arn}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static async Task<List<ExecutionListItem>> ListAsync(StepFunctionsClient sfn, string stateMachineArn, string? status, string? nameContains, int max, CancellationToken cancellationToken)
    {
        var found = new List<ExecutionListItem>();
        string? next = null;
        do
        {
            var page = await sfn.ListExecutionsAsync(new ListExecutionsRequest(stateMachineArn, status, 100, next), cancellationToken).ConfigureAwait(false);
            found.AddRange(page.Executions.Where(e => nameContains is null || e.Name.Contains(nameContains, StringComparison.Ordinal)));
            next = page.NextToken;
        }
        while (next is not null && found.Count < max);

        return [.. found.OrderByDescending(e => e.StartDate).Take(max)];
    }

    internal static string Duration(DateTimeOffset start, DateTimeOffset? stop) =>
        stop is { } end ? (end - start).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s" : "running";
}
