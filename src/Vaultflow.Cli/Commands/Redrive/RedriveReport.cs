using System.Globalization;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Cli.Commands.Support;

namespace Vaultflow.Cli.Commands.Redrive;

/// <summary>What <c>vaultflow redrive</c> prints: the plan before, the outcome after (text or one JSON document).</summary>
internal sealed class RedriveReport(RedrivePlan plan, bool dryRun)
{
    /// <summary>The error the Fail state at the end of the ingest workflow reports once RouteFailure has parked the message.</summary>
    private const string RoutedError = "Vaultflow.Failed";

    public DateTimeOffset? RedriveDate { get; set; }

    public DescribeExecutionResponse? After { get; set; }

    public IReadOnlyList<string> Ran { get; set; } = [];

    /// <summary>Where the execution stopped after the redrive (null when it succeeded or still runs).</summary>
    public string? StoppedAt { get; set; }

    /// <summary>The redriven state failed again (a Fail state failing is what it is for, so it does not count).</summary>
    public bool FailedAgainAtTheSameState => After is { Status: not ("RUNNING" or "SUCCEEDED") } && !plan.FromFailState
        && StoppedAt is not null && StoppedAt == plan.State;

    public static void WritePlan(RedrivePlan plan, CommandOutput output)
    {
        var e = plan.Execution;
        var at = plan.State is null ? string.Empty : $" at {plan.State} ({plan.StateType})";
        output.Table(
            ["field", "value"],
            [
                ["execution", e.Name],
                ["arn", e.ExecutionArn],
                ["status", $"{e.Status}{at}"],
                ["error", e.Error is null ? "-" : $"{e.Error}: {e.Cause}"],
                ["redrives so far", e.RedriveCount.ToString(CultureInfo.InvariantCulture)],
                ["redrive", plan.Redrivable
                    ? $"continues from {plan.State ?? "the start"} with the input it received; the steps before it do not run again"
                    : $"not redrivable: {plan.Reason}"],
            ],
            "redrive plan");
    }

    public void WriteOutcome(DescribeExecutionResponse after, CommandOutput output)
    {
        output.Table(
            ["field", "value"],
            [
                ["status", after.Status + (StoppedAt is null ? string.Empty : $" at {StoppedAt}")],
                ["redrive count", after.RedriveCount.ToString(CultureInfo.InvariantCulture)],
                ["ran", Ran.Count == 0 ? "-" : string.Join(", ", Ran)],
                ["error", after.Error is null ? "-" : $"{after.Error}: {after.Cause}"],
            ],
            "outcome");
        if (after.Error == RoutedError && Ran.Count > 0 && !plan.FromFailState)
        {
            output.Line("RouteFailure sent the message to the DLQ with its reason: see `vaultflow dlq`");
        }
    }

    public void WriteJson(CommandOutput output) => output.Json(w =>
    {
        var e = plan.Execution;
        w.WriteStartObject();
        w.WriteString("executionArn", e.ExecutionArn);
        w.WriteString("name", e.Name);
        w.WriteBoolean("dryRun", dryRun);
        w.WriteStartObject("before");
        w.WriteString("status", e.Status);
        w.WriteString("state", plan.State);
        w.WriteString("stateType", plan.StateType);
        w.WriteString("error", e.Error);
        w.WriteNumber("redriveCount", e.RedriveCount);
        w.WriteBoolean("redrivable", plan.Redrivable);
        w.WriteString("reason", plan.Reason);
        w.WriteEndObject();
        if (RedriveDate is { } date)
        {
            w.WriteString("redriveDate", date);
        }

        if (After is { } after)
        {
            w.WriteStartObject("after");
            w.WriteString("status", after.Status);
            w.WriteString("stoppedAt", StoppedAt);
            w.WriteNumber("redriveCount", after.RedriveCount);
            w.WriteString("error", after.Error);
            w.WriteString("cause", after.Cause);
            w.WriteStartArray("ran");
            foreach (var state in Ran)
            {
                w.WriteStringValue(state);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });
}
