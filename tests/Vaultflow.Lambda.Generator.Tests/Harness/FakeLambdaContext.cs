using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Lambda.Context;

namespace Vaultflow.Lambda.Generator.Tests.Harness;

/// <summary>A fixed invocation context for dispatcher tests.</summary>
internal sealed class FakeLambdaContext : ILambdaContext
{
    public string AwsRequestId { get; init; } = Guid.NewGuid().ToString();

    public string FunctionName { get; init; } = "test";

    public string FunctionVersion => "$LATEST";

    public string InvokedFunctionArn => "arn:aws:lambda:eu-west-1:123456789012:function:test";

    public int MemoryLimitInMB => 256;

    public TimeSpan RemainingTime => TimeSpan.FromSeconds(30);

    public string LogGroupName => "/aws/lambda/test";

    public string LogStreamName => "stream";

    public string? TraceId => null;

    public ILogger Logger => NullLogger.Instance;
}
