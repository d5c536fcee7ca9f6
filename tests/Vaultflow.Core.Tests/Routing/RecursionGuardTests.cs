using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;

namespace Vaultflow.Core.Tests.Routing;

public class RecursionGuardTests
{
    private readonly RecursionGuard _guard = new();

    private static Dictionary<string, string> Attributes(params (string Name, string? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value!, StringComparer.Ordinal);

    [Fact]
    public void Evaluate_NoAttributes_AllowedAsFreshMessage()
    {
        var decision = _guard.Evaluate(Attributes(("producer-attr", "x")));

        Assert.True(decision.IsAllowed);
        Assert.Equal(RoutingState.Fresh, decision.State);
        Assert.Null(decision.Reason);
    }

    [Fact]
    public void Evaluate_AtLimits_Allowed()
    {
        var decision = _guard.Evaluate(Attributes(
            (MessageAttributeNames.ReplayCount, "3"),
            (MessageAttributeNames.Hops, "16"),
            (MessageAttributeNames.OriginId, "7b9c2f4e-1d2a-4c4b-9e55-0a8f3c6d1e21")));

        Assert.Equal(GuardOutcome.Allowed, decision.Outcome);
        Assert.Equal(new RoutingState(3, 16, "7b9c2f4e-1d2a-4c4b-9e55-0a8f3c6d1e21"), decision.State);
    }

    [Fact]
    public void Evaluate_ReplaysOverLimit_RefusedWithRecursionGuard()
    {
        var decision = _guard.Evaluate(Attributes((MessageAttributeNames.ReplayCount, "4")));

        Assert.Equal(GuardOutcome.Refused, decision.Outcome);
        Assert.Equal(InvalidMessageReasons.RecursionGuard, decision.Reason);
        Assert.Contains("replayed 4 times", decision.Detail, StringComparison.Ordinal);
        Assert.Equal(4, decision.State!.ReplayCount);
    }

    [Fact]
    public void Evaluate_HopsOverLimit_RefusedWithRecursionGuard()
    {
        var decision = _guard.Evaluate(Attributes((MessageAttributeNames.Hops, "17")));

        Assert.Equal(GuardOutcome.Refused, decision.Outcome);
        Assert.Equal(InvalidMessageReasons.RecursionGuard, decision.Reason);
        Assert.Contains(MessageAttributeNames.Hops, decision.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CustomOptions_AppliesThem()
    {
        var strict = new RecursionGuard(new RecursionGuardOptions { MaxReplays = 0, MaxHops = 2 });

        Assert.False(strict.Evaluate(new RoutingState(1, 0, null)).IsAllowed);
        Assert.True(strict.Evaluate(new RoutingState(0, 2, null)).IsAllowed);
        Assert.False(strict.Evaluate(new RoutingState(0, 3, null)).IsAllowed);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("99999999999999999999999")]
    [InlineData("1000000000")]
    [InlineData("abc")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("")]
    [InlineData("+1")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("\u0661")]
    [InlineData(null)]
    public void Evaluate_ForgedCount_InvalidAttributeNotCrash(string? value)
    {
        foreach (var name in new[] { MessageAttributeNames.ReplayCount, MessageAttributeNames.Hops })
        {
            var decision = _guard.Evaluate(Attributes((name, value)));

            Assert.Equal(GuardOutcome.InvalidAttribute, decision.Outcome);
            Assert.Equal(InvalidMessageReasons.InvalidAttribute, decision.Reason);
            Assert.Contains(name, decision.Detail, StringComparison.Ordinal);
            Assert.Null(decision.State);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("line\nbreak")]
    public void Evaluate_ForgedOriginId_InvalidAttribute(string origin)
    {
        var decision = _guard.Evaluate(Attributes((MessageAttributeNames.OriginId, origin)));

        Assert.Equal(GuardOutcome.InvalidAttribute, decision.Outcome);
        Assert.Contains(MessageAttributeNames.OriginId, decision.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ForgedValue_DetailDoesNotEchoValue()
    {
        var decision = _guard.Evaluate(Attributes((MessageAttributeNames.Hops, "DROP TABLE records")));

        Assert.DoesNotContain("DROP", decision.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ToException_Refused_IsNonRetryableInvalidMessage()
    {
        var ex = _guard.Evaluate(new RoutingState(4, 4, "o")).ToException();

        Assert.Equal(InvalidMessageReasons.RecursionGuard, ex.Reason);
        Assert.Equal(ErrorTypes.InvalidMessage, ex.ErrorType);
        Assert.Throws<InvalidOperationException>(() => _guard.Evaluate(RoutingState.Fresh).ToException());
    }

    [Fact]
    public void Options_Invalid_ThrowConfigurationException()
    {
        Assert.Throws<ConfigurationException>(() => new RecursionGuard(new RecursionGuardOptions { MaxHops = 0 }));
        Assert.Throws<ConfigurationException>(() => new RecursionGuard(new RecursionGuardOptions { MaxReplays = -1 }));
    }
}
