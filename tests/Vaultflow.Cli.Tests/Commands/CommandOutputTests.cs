using Vaultflow.Aws.Replay;
using Vaultflow.Cli.Commands;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Core.Workflow.Reader;

namespace Vaultflow.Cli.Tests.Commands;

public sealed class CommandOutputTests
{
    [Fact]
    public void ReplayReport_Plain_TabSeparatedRowsAndASummaryLine()
    {
        var report = new ReplayReport(
            DryRun: false,
            Moved: [new ReplayMove("d1", "n1", "retries-exhausted", 1, 2, Forced: false)],
            Refused: [new ReplayRefusal("d2", "recursion-guard", "recursion-guard", "replayed 4 times\tlimit 3")],
            Failed: [],
            Skipped: 3,
            StoppedAtMax: true,
            ReceiveLimitReached: false);
        using var output = new StringWriter();

        ReplayCommand.WriteText(report, new CommandOutput(output, TextWriter.Null, interactive: false));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("outcome\tdlq-message-id\tvf-failure\tnew-message-id\tdetail", lines[0]);
        Assert.Equal("moved\td1\tretries-exhausted\tn1\treplay 1, hops 2", lines[1]);
        Assert.Equal("refused\td2\trecursion-guard\t-\trecursion-guard: replayed 4 times limit 3", lines[2]);
        Assert.Equal("moved 1, refused 1, failed 0, skipped 3 (stopped at --max)", lines[3]);
    }

    [Fact]
    public void DlqSummary_Plain_CountsByReasonMostFrequentFirstAndSaysWhenPartial()
    {
        var summary = new DlqSummary(5, [Entry("a", "invalid-json"), Entry("b", "recursion-guard"), Entry("c", "invalid-json")], Partial: true);
        using var output = new StringWriter();

        DlqCommand.WriteText(summary, "http://q", new CommandOutput(output, TextWriter.Null, interactive: false));

        var text = output.ToString();
        Assert.StartsWith("reason\tcount\ninvalid-json\t2\nrecursion-guard\t1\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("the scan was partial", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5", 5.0)]
    [InlineData("0.5/s", 0.5)]
    public void ParseRate_NumberOrPerSecond_Parsed(string text, double expected) =>
        Assert.Equal(expected, ReplayCommand.ParseRate(text));

    [Theory]
    [InlineData("0")]
    [InlineData("fast")]
    [InlineData("-1/s")]
    public void ParseRate_Nonsense_UsageError(string text) =>
        Assert.Throws<UsageException>(() => ReplayCommand.ParseRate(text));

    [Fact]
    public void ExecutionArn_FromName_UsesTheStateMachinesPartition()
    {
        Assert.Equal(
            "arn:aws:states:eu-west-1:123:execution:ingest:run-1",
            ExecutionArns.Resolve("run-1", "arn:aws:states:eu-west-1:123:stateMachine:ingest"));
        Assert.Equal("arn:x", ExecutionArns.Resolve("arn:x", null));
    }

    [Fact]
    public void GetRequest_SearchOrId_ExactlyOne()
    {
        Assert.Equal("ada@example.com", GetCommand.BuildRequest(null, "email=ada@example.com").Search!.Email);
        Assert.Equal("42", GetCommand.BuildRequest("42", null).Id);
        Assert.Throws<UsageException>(() => GetCommand.BuildRequest("42", "email=a@b.c"));
        Assert.Throws<UsageException>(() => GetCommand.BuildRequest(null, "phone=1"));
        Assert.IsType<GetRecordRequest>(GetCommand.BuildRequest(null, "email=x@y.z"));
    }

    private static DlqEntry Entry(string id, string reason) => new(id, reason, null, "0", "1", "o", null, 1);
}
