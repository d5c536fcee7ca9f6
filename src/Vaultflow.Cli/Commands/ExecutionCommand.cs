using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Cli.Configuration;

namespace Vaultflow.Cli.Commands;

/// <summary><c>vaultflow execution NAME_OR_ARN</c>: one execution and its step history.</summary>
internal static class ExecutionCommand
{
    private const string Help = """

        NAME_OR_ARN is an execution ARN, or a name of an execution of the configured state machine.

        Examples:
          vaultflow execution order-42-abcdefghijklmnopqrstuvwxyz-r0
          vaultflow execution arn:aws:states:us-east-1:000000000000:execution:vaultflow-ingest:my-run --json
        """;

    public static Command Create(CliHost host)
    {
        var target = new Argument<string>("NAME_OR_ARN") { Description = "The execution name or ARN." };
        var json = new Option<bool>("--json") { Description = "Print as JSON." };
        var command = new Command("execution", "Describe one execution with its step history (state, event, time, error/cause)." + Help) { target, json };
        CommandRunner.SetStackAction(command, host, parse => async (stack, output, ct) =>
        {
            var arn = ExecutionArns.Resolve(parse.GetValue(target)!, stack.Settings.StateMachineArn);
            using var sfn = AwsClients.StepFunctions(stack);
            DescribeExecutionResponse described;
            try
            {
                described = await sfn.DescribeExecutionAsync(arn, ct).ConfigureAwait(false);
            }
            catch (StepFunctionsException ex) when (ex.ErrorCode == "ExecutionDoesNotExist")
            {
                output.Fail($"execution {arn} does not exist: list executions with `vaultflow executions`");
                return ExitCodes.Failure;
            }

            var history = await HistoryAsync(sfn, arn, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                WriteJson(described, history, output);
            }
            else
            {
                var redrives = described.RedriveCount > 0 ? string.Create(CultureInfo.InvariantCulture, $"  redriven {described.RedriveCount}x, last {described.RedriveDate:u}") : string.Empty;
                output.Line($"{described.Name}  {described.Status}  started {described.StartDate.ToString("u", CultureInfo.InvariantCulture)}  duration {ExecutionsCommand.Duration(described.StartDate, described.StopDate)}{redrives}");
                if (described.Error is not null)
                {
                    output.Line($"error: {described.Error}: {described.Cause}");
                }

                output.Table(["id", "time", "event", "state", "error/cause"], history.Select(Row));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static async Task<List<HistoryEvent>> HistoryAsync(StepFunctionsClient sfn, string arn, CancellationToken cancellationToken)
    {
        var events = new List<HistoryEvent>();
        string? next = null;
        do
        {
            var page = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest(arn, 1000, next, IncludeExecutionData: false), cancellationToken).ConfigureAwait(false);
            events.AddRange(page.Events);
            next = page.NextToken;
        }
        while (next is not null);

        return events;
    }

    /// <summary>The state name and error/cause, read from whichever *EventDetails object the event has.</summary>
    internal static (string State, string ErrorCause) Details(HistoryEvent e)
    {
        string state = string.Empty, error = string.Empty, cause = string.Empty;
        foreach (var (key, value) in e.Details ?? [])
        {
            if (!key.EndsWith("EventDetails", StringComparison.Ordinal) || value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            state = Text(value, "name") ?? Text(value, "resource") ?? state;
            error = Text(value, "error") ?? error;
            cause = Text(value, "cause") ?? cause;
        }

        var errorCause = error.Length == 0 ? cause : cause.Length == 0 ? error : $"{error}: {cause}";
        return (state, errorCause);
    }

    private static IReadOnlyList<string> Row(HistoryEvent e)
    {
        var (state, errorCause) = Details(e);
        return [e.Id.ToString(CultureInfo.InvariantCulture), e.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture), e.Type, state, errorCause];
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void WriteJson(DescribeExecutionResponse d, List<HistoryEvent> history, CommandOutput output) => output.Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("executionArn", d.ExecutionArn);
        w.WriteString("name", d.Name);
        w.WriteString("status", d.Status);
        w.WriteString("startDate", d.StartDate);
        if (d.StopDate is { } stop)
        {
            w.WriteString("stopDate", stop);
        }

        w.WriteString("error", d.Error);
        w.WriteString("cause", d.Cause);
        w.WriteNumber("redriveCount", d.RedriveCount);
        w.WriteString("redriveStatus", d.RedriveStatus);
        w.WriteStartArray("history");
        foreach (var e in history)
        {
            var (state, errorCause) = Details(e);
            w.WriteStartObject();
            w.WriteNumber("id", e.Id);
            w.WriteString("timestamp", e.Timestamp);
            w.WriteString("type", e.Type);
            w.WriteString("state", state);
            w.WriteString("errorCause", errorCause);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });
}
