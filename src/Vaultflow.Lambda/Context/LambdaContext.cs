using Microsoft.Extensions.Logging;
using Vaultflow.Lambda.Metrics;
using Vaultflow.Lambda.Settings;

namespace Vaultflow.Lambda.Context;

/// <summary>One invocation as the Runtime API (or the local Invoke endpoint) describes it.</summary>
public sealed class LambdaContext : ILambdaContext
{
    private readonly TimeProvider _clock;

    public LambdaContext(
        LambdaInvocation invocation,
        LambdaFunctionSettings function,
        ILogger logger,
        ILambdaMetrics metrics,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(clock);
        Invocation = invocation;
        Function = function;
        Logger = logger;
        Metrics = metrics;
        _clock = clock;
    }

    public LambdaInvocation Invocation { get; }

    public LambdaFunctionSettings Function { get; }

    public string AwsRequestId => Invocation.AwsRequestId;

    public string FunctionName => Function.FunctionName;

    public string FunctionVersion => Function.FunctionVersion;

    public string InvokedFunctionArn => Invocation.InvokedFunctionArn;

    public int MemoryLimitInMB => Function.MemoryLimitInMB;

    public TimeSpan RemainingTime
    {
        get
        {
            var left = Invocation.Deadline - _clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public string LogGroupName => Function.LogGroupName;

    public string LogStreamName => Function.LogStreamName;

    public string? TraceId => Invocation.TraceId;

    public string? ClientContext => Invocation.ClientContext;

    public string? CognitoIdentity => Invocation.CognitoIdentity;

    public ILogger Logger { get; }

    public ILambdaMetrics Metrics { get; }
}
