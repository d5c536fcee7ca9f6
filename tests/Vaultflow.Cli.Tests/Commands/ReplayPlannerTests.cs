using Amazon.SQS.Model;
using Vaultflow.Aws.Replay;
using Vaultflow.Core.Routing;

namespace Vaultflow.Cli.Tests.Commands;

public sealed class ReplayPlannerTests
{
    private static MessageAttributeValue S(string value) => new() { DataType = "String", StringValue = value };

    private static Dictionary<string, MessageAttributeValue> Parked(int replays, int hops, string reason = "retries-exhausted", string origin = "origin-1") => new()
    {
        ["vf-failure"] = S(reason),
        ["vf-failure-detail"] = S("why"),
        ["vf-replay-count"] = S(replays.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ["vf-hops"] = S(hops.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ["vf-origin-id"] = S(origin),
    };

    [Fact]
    public void Plan_WithinLimits_MovesWithNextHopAndWithoutFailureAttributes()
    {
        var attributes = Parked(1, 2);
        attributes["tenant"] = S("acme");

        var decision = new ReplayPlanner(RecursionGuardOptions.Default, null, force: false).Plan("dlq-msg-1", attributes);

        Assert.Equal(ReplayAction.Move, decision.Action);
        Assert.Equal("retries-exhausted", decision.FailureReason);
        var outgoing = decision.Attributes!;
        Assert.Equal("2", outgoing["vf-replay-count"].StringValue);
        Assert.Equal("3", outgoing["vf-hops"].StringValue);
        Assert.Equal("origin-1", outgoing["vf-origin-id"].StringValue);
        Assert.Equal("acme", outgoing["tenant"].StringValue);
        Assert.False(outgoing.ContainsKey("vf-failure"));
        Assert.False(outgoing.ContainsKey("vf-failure-detail"));
    }

    [Fact]
    public void Plan_AtTheReplayLimit_RefusedWithTheGuardsReason()
    {
        var decision = new ReplayPlanner(RecursionGuardOptions.Default, null, force: false).Plan("m", Parked(3, 4));

        Assert.Equal(ReplayAction.Refuse, decision.Action);
        Assert.Equal("recursion-guard", decision.RefusalReason);
        Assert.Contains("--force", decision.Detail, StringComparison.Ordinal);
        Assert.Equal(4, decision.Next!.ReplayCount);
    }

    [Fact]
    public void Plan_HopsAtTheLimit_Refused()
    {
        var decision = new ReplayPlanner(new RecursionGuardOptions { MaxHops = 5 }, null, force: false).Plan("m", Parked(0, 5));

        Assert.Equal(ReplayAction.Refuse, decision.Action);
        Assert.Contains("vf-hops", decision.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ForgedCount_RefusedAsInvalidAttribute()
    {
        var attributes = Parked(0, 1);
        attributes["vf-replay-count"] = S("-1");

        var decision = new ReplayPlanner(RecursionGuardOptions.Default, null, force: false).Plan("m", attributes);

        Assert.Equal(ReplayAction.Refuse, decision.Action);
        Assert.Equal("invalid-attribute", decision.RefusalReason);
    }

    [Fact]
    public void Plan_Force_FreshBudgetKeepingTheOrigin()
    {
        var decision = new ReplayPlanner(RecursionGuardOptions.Default, null, force: true).Plan("m", Parked(3, 15));

        Assert.Equal(ReplayAction.Move, decision.Action);
        Assert.True(decision.Forced);
        Assert.Equal(new RoutingState(1, 1, "origin-1"), decision.Next);
        Assert.Equal(new RoutingState(3, 15, "origin-1"), decision.Previous);
    }

    [Fact]
    public void Plan_NoAttributesAtAll_FirstReplayWithTheMessageIdAsOrigin()
    {
        var decision = new ReplayPlanner(RecursionGuardOptions.Default, null, force: false).Plan("dlq-7", null);

        Assert.Equal(ReplayAction.Move, decision.Action);
        Assert.Equal(ReplayPlanner.UnknownReason, decision.FailureReason);
        Assert.Equal(new RoutingState(1, 1, "dlq-7"), decision.Next);
    }

    [Fact]
    public void Plan_ReasonFilterMismatch_Skipped()
    {
        var decision = new ReplayPlanner(RecursionGuardOptions.Default, "invalid-json", force: false).Plan("m", Parked(0, 1));

        Assert.Equal(ReplayAction.Skip, decision.Action);
    }

    [Fact]
    public void Plan_TooManyProducerAttributes_RefusedNotTruncated()
    {
        var attributes = Parked(0, 1);
        for (var i = 0; i < 8; i++)
        {
            attributes["p" + i] = S("v");
        }

        var decision = new ReplayPlanner(RecursionGuardOptions.Default, null, force: false).Plan("m", attributes);

        Assert.Equal(ReplayAction.Refuse, decision.Action);
        Assert.Equal("too-many-attributes", decision.RefusalReason);
    }
}
