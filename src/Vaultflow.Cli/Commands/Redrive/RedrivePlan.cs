using System.Text.Json;
using Vaultflow.Aws.StepFunctions;

namespace Vaultflow.Cli.Commands.Redrive;

/// <summary>What a redrive of one execution would do, read from DescribeExecution and the execution's history.</summary>
/// <param name="State">The state the execution did not get past (null when the history names none).</param>
/// <param name="StateType">Its type as the history names it (Task, Fail, Pass, ...).</param>
/// <param name="Redrivable">What Step Functions says (redriveStatus), or, from endpoints without it, FAILED/ABORTED/TIMED_OUT.</param>
/// <param name="Reason">Why not, when not redrivable (Step Functions' sentence).</param>
internal sealed record RedrivePlan(DescribeExecutionResponse Execution, string? State, string? StateType, bool Redrivable, string? Reason)
{
    private static readonly string[] Unsuccessful = ["FAILED", "ABORTED", "TIMED_OUT"];

    /// <summary>A Fail state is its own failure: redriving re-runs only it, and it fails again.</summary>
    public bool FromFailState => StateType == "Fail";

    public static RedrivePlan From(DescribeExecutionResponse execution, IReadOnlyList<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(history);
        var redrivable = execution.RedriveStatus is { } status
            ? status == ExecutionRedriveStatus.Redrivable
            : Unsuccessful.Contains(execution.Status, StringComparer.Ordinal);
        var reason = redrivable ? null : execution.RedriveStatusReason ?? $"Execution is {execution.Status} and cannot be redriven.";
        var (state, type) = UnsuccessfulState(history);
        return new RedrivePlan(execution, state, type, redrivable, reason);
    }

    /// <summary>The last state entered and not exited: where the execution stopped.</summary>
    public static (string? State, string? Type) UnsuccessfulState(IEnumerable<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        (string? State, string? Type) current = (null, null);
        foreach (var e in history)
        {
            if (e.Type.EndsWith("StateEntered", StringComparison.Ordinal) && Name(e, "stateEnteredEventDetails") is { } entered)
            {
                current = (entered, e.Type[..^"StateEntered".Length]);
            }
            else if (e.Type.EndsWith("StateExited", StringComparison.Ordinal) && Name(e, "stateExitedEventDetails") == current.State)
            {
                current = (null, null);
            }
        }

        return current;
    }

    /// <summary>The states entered since the last redrive (ExecutionRedriven), in order.</summary>
    public static IReadOnlyList<string> StatesSinceLastRedrive(IReadOnlyList<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var start = -1;
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].Type == "ExecutionRedriven")
            {
                start = i;
            }
        }

        return start < 0
            ? []
            : [.. history.Skip(start + 1).Where(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal)).Select(e => Name(e, "stateEnteredEventDetails") ?? "?")];
    }

    private static string? Name(HistoryEvent e, string details) =>
        e.Details is { } d && d.TryGetValue(details, out var value) && value.ValueKind == JsonValueKind.Object
            && value.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;
}
