using System.Text.Json;
using Vaultflow.Aws.Replay;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Cli.Commands;
using Vaultflow.Cli.Commands.Redrive;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Core.Storage.Failures;

namespace Vaultflow.Cli.Tests.Commands;

public sealed class RedriveAndFailuresOutputTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RedrivePlan_FailedAtATaskAfterEarlierSteps_PointsAtTheTaskThatFailed()
    {
        var history = new[]
        {
            Event(1, "ExecutionStarted"),
            Entered(2, "Task", "Dedupe"), Exited(3, "Task", "Dedupe"),
            Entered(4, "Task", "RouteFailure"), Event(5, "TaskStateFailed"),
            Event(6, "ExecutionFailed"),
        };

        var plan = RedrivePlan.From(Described("FAILED", ExecutionRedriveStatus.Redrivable), history);

        Assert.True(plan.Redrivable);
        Assert.Null(plan.Reason);
        Assert.Equal("RouteFailure", plan.State);
        Assert.Equal("Task", plan.StateType);
        Assert.False(plan.FromFailState);
    }

    [Fact]
    public void RedrivePlan_EndedInTheFailState_FromFailStateAndStatesSinceTheRedriveListed()
    {
        var history = new[]
        {
            Entered(1, "Task", "RouteFailure"), Event(2, "ExecutionFailed"), Event(3, "ExecutionRedriven"),
            Entered(4, "Task", "RouteFailure"), Exited(5, "Task", "RouteFailure"), Entered(6, "Fail", "Failed"), Event(7, "ExecutionFailed"),
        };

        var plan = RedrivePlan.From(Described("FAILED", ExecutionRedriveStatus.Redrivable), history);

        Assert.Equal("Failed", plan.State);
        Assert.True(plan.FromFailState);
        Assert.Equal(["RouteFailure", "Failed"], RedrivePlan.StatesSinceLastRedrive(history));
    }

    [Theory]
    [InlineData("SUCCEEDED", "NOT_REDRIVABLE", "Execution is SUCCEEDED and cannot be redriven.", false)]
    [InlineData("RUNNING", null, null, false)]
    [InlineData("TIMED_OUT", null, null, true)]
    public void RedrivePlan_StatusAndRedriveStatus_RedrivableAsStepFunctionsSays(string status, string? redriveStatus, string? reason, bool redrivable)
    {
        var plan = RedrivePlan.From(Described(status, redriveStatus, reason), []);

        Assert.Equal(redrivable, plan.Redrivable);
        Assert.Equal(redrivable ? null : reason ?? $"Execution is {status} and cannot be redriven.", plan.Reason);
    }

    [Fact]
    public void Failures_Plain_NextStepNamesTheRedriveCommandUntilARedriveParkedTheMessage()
    {
        var rows = new[]
        {
            Failure(3, "dlq-refused", "exec-b", resolvedAt: null),
            Failure(2, "dlq-refused", "exec-a", resolvedAt: At.AddMinutes(5)),
            Failure(1, "retries-exhausted", "exec-c", resolvedAt: null),
        };
        using var output = new StringWriter();

        FailuresCommand.WriteText(rows, 50, new CommandOutput(output, TextWriter.Null, interactive: false));

        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("when\treason\texecution\tidempotency-key\tmessage-id\terror-type\tnext-step", lines[0]);
        Assert.Equal("2026-11-25 04:00:00Z\tdlq-refused\texec-b\tkey-3\tmsg-3\tVaultflow.Transient\tfix the DLQ, then vaultflow redrive exec-b", lines[1]);
        Assert.EndsWith("\tdone: a redrive put it in the DLQ at 2026-11-25 04:05:00Z", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("\tin the DLQ with this reason: vaultflow dlq, then vaultflow replay after the fix", lines[3], StringComparison.Ordinal);
        Assert.Equal("3 failure(s), newest first; 1 dlq-refused waiting for a redrive", lines[4]);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("7d", 604800)]
    [InlineData("1h30m", 5400)]
    public void DurationText_UnitsAndCombinations_Parsed(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text, "--since"));

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("h")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("2 hours")]
    public void DurationText_Nonsense_UsageErrorNamingTheOption(string text)
    {
        var ex = Assert.Throws<UsageException>(() => DurationText.Parse(text, "--since"));
        Assert.StartsWith("--since", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DlqSummary_Plain_ShowsTheBodyEncodingWhenPresent()
    {
        var summary = new DlqSummary(2, [new DlqEntry("a", "retries-exhausted", null, "0", "1", "o", At, 1, "gzip-base64"), new DlqEntry("b", "invalid-json", null, "0", "1", "o", At.AddSeconds(1), 1)], Partial: false);
        using var output = new StringWriter();

        DlqCommand.WriteText(summary, "http://q", new CommandOutput(output, TextWriter.Null, interactive: false));

        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n');
        var header = Array.IndexOf(lines, "message-id\treason\treplay\thops\tsent\tbody-encoding\tdetail");
        Assert.True(header > 0, output.ToString());
        Assert.Equal("a\tretries-exhausted\t0\t1\t2026-11-25 04:00:00Z\tgzip-base64\t", lines[header + 1]);
        Assert.Equal("b\tinvalid-json\t0\t1\t2026-11-25 04:00:01Z\t-\t", lines[header + 2]);
    }

    private static StoredFailure Failure(long id, string reason, string execution, DateTimeOffset? resolvedAt) =>
        new(id, reason, execution, $"key-{id}", $"msg-{id}", "Vaultflow.Transient", "cause", At, resolvedAt);

    private static DescribeExecutionResponse Described(string status, string? redriveStatus, string? reason = null) => new()
    {
        ExecutionArn = "arn:aws:states:us-east-1:000000000000:execution:m:n",
        StateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:m",
        Name = "n",
        Status = status,
        RedriveStatus = redriveStatus,
        RedriveStatusReason = reason,
    };

    private static HistoryEvent Event(long id, string type) => new() { Id = id, Type = type };

    private static HistoryEvent Entered(long id, string stateType, string name) => Detailed(id, stateType + "StateEntered", "stateEnteredEventDetails", name);

    private static HistoryEvent Exited(long id, string stateType, string name) => Detailed(id, stateType + "StateExited", "stateExitedEventDetails", name);

    private static HistoryEvent Detailed(long id, string type, string details, string name) => new()
    {
        Id = id,
        Type = type,
        Details = new Dictionary<string, JsonElement> { [details] = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["name"] = name })).RootElement },
    };
}
