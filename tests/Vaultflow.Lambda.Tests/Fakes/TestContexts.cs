using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Lambda.Context;
using Vaultflow.Lambda.Metrics;
using Vaultflow.Lambda.Settings;

namespace Vaultflow.Lambda.Tests.Fakes;

internal static class TestContexts
{
    public static readonly LambdaFunctionSettings Function = new("Starter", "7", 256, "/aws/lambda/Starter", "2026/11/24/[7]abc", "eu-west-1");

    public static LambdaContext Create(TimeProvider clock, DateTimeOffset deadline, ILogger? logger = null) =>
        new(
            new LambdaInvocation("req-1", deadline, "arn:aws:lambda:eu-west-1:123456789012:function:Starter", "Root=1-abc", "{\"client\":1}", "{\"cognitoIdentityId\":\"x\"}"),
            Function,
            logger ?? NullLogger.Instance,
            NullLambdaMetrics.Instance,
            clock);
}
