using Vaultflow.Core.Routing;

namespace Vaultflow.Core.Tests.Routing;

public class RoutingStateTests
{
    [Fact]
    public void NextHop_FreshMessageToDlq_OneHopOriginSet()
    {
        var next = RoutingState.Fresh.NextHop("msg-1", isReplay: false);

        Assert.Equal(new RoutingState(0, 1, "msg-1"), next);
    }

    [Fact]
    public void NextHop_Replay_IncrementsBothKeepsOrigin()
    {
        var next = new RoutingState(1, 3, "origin").NextHop("msg-9", isReplay: true);

        Assert.Equal(new RoutingState(2, 4, "origin"), next);
    }

    [Fact]
    public void NextHop_ReplayBeyondLimit_GuardRefusesBeforeSending()
    {
        var guard = new RecursionGuard();
        var atLimit = new RoutingState(3, 5, "origin");

        Assert.True(guard.Evaluate(atLimit).IsAllowed);
        Assert.False(guard.Evaluate(atLimit.NextHop("m", isReplay: true)).IsAllowed);
    }

    [Fact]
    public void ToAttributes_RoundTripsThroughGuard()
    {
        var state = new RoutingState(2, 7, "origin-id");

        var attributes = state.ToAttributes();

        Assert.Equal("2", attributes[MessageAttributeNames.ReplayCount]);
        Assert.Equal("7", attributes[MessageAttributeNames.Hops]);
        Assert.Equal(state, new RecursionGuard().Evaluate(attributes).State);
    }

    [Fact]
    public void ToAttributes_NoOrigin_OmitsOriginAttribute()
    {
        Assert.False(RoutingState.Fresh.ToAttributes().ContainsKey(MessageAttributeNames.OriginId));
    }
}
