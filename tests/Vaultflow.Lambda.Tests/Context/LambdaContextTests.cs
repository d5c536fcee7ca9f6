using Vaultflow.Lambda.Tests.Fakes;

namespace Vaultflow.Lambda.Tests.Context;

public sealed class LambdaContextTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RemainingTime_DeadlineAhead_IsDeadlineMinusNow()
    {
        var clock = new ManualClock(Start);
        var context = TestContexts.Create(clock, Start.AddSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), context.RemainingTime);
    }

    [Fact]
    public void RemainingTime_ClockAdvances_Shrinks()
    {
        var clock = new ManualClock(Start);
        var context = TestContexts.Create(clock, Start.AddSeconds(30));

        clock.Advance(TimeSpan.FromMilliseconds(12_500));

        Assert.Equal(TimeSpan.FromMilliseconds(17_500), context.RemainingTime);
    }

    [Fact]
    public void RemainingTime_PastDeadline_IsZeroNotNegative()
    {
        var clock = new ManualClock(Start);
        var context = TestContexts.Create(clock, Start.AddSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.Zero, context.RemainingTime);
    }

    [Fact]
    public void Properties_FromInvocationAndFunction_AreExposed()
    {
        var context = TestContexts.Create(new ManualClock(Start), Start.AddSeconds(1));

        Assert.Equal("req-1", context.AwsRequestId);
        Assert.Equal("Starter", context.FunctionName);
        Assert.Equal("7", context.FunctionVersion);
        Assert.Equal(256, context.MemoryLimitInMB);
        Assert.Equal("/aws/lambda/Starter", context.LogGroupName);
        Assert.Equal("2026/11/24/[7]abc", context.LogStreamName);
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:Starter", context.InvokedFunctionArn);
        Assert.Equal("Root=1-abc", context.TraceId);
        Assert.Equal("{\"client\":1}", context.ClientContext);
        Assert.Equal("{\"cognitoIdentityId\":\"x\"}", context.CognitoIdentity);
    }
}
