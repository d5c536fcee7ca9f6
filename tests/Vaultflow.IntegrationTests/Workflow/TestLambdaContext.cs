using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Lambda.Context;

namespace Vaultflow.IntegrationTests.Workflow;

/// <summary>An invocation context as the Runtime API loop or the local Invoke endpoint would build it.</summary>
internal sealed class TestLambdaContext(string functionName, string? awsRequestId = null) : ILambdaContext
{
    public string AwsRequestId { get; } = awsRequestId ?? Guid.NewGuid().ToString();

    public string FunctionName { get; } = functionName;

    public string FunctionVersion => "$LATEST";

    public string InvokedFunctionArn => $"arn:aws:lambda:us-east-1:000000000000:function:{FunctionName}";

    public int MemoryLimitInMB => 256;

    public TimeSpan RemainingTime => TimeSpan.FromSeconds(30);

    public string LogGroupName => "/aws/lambda/" + FunctionName;

    public string LogStreamName => "test";

    public string? TraceId => null;

    public ILogger Logger => NullLogger.Instance;
}
