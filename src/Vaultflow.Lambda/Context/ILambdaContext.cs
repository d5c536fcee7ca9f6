using Microsoft.Extensions.Logging;
using Vaultflow.Lambda.Metrics;

namespace Vaultflow.Lambda.Context;

/// <summary>What a handler sees of its invocation, as the Lambda Runtime API reports it.</summary>
public interface ILambdaContext
{
    /// <summary>The invocation's request id (<c>Lambda-Runtime-Aws-Request-Id</c>); kept across Lambda's own retries of async invokes.</summary>
    string AwsRequestId { get; }

    string FunctionName { get; }

    string FunctionVersion { get; }

    string InvokedFunctionArn { get; }

    int MemoryLimitInMB { get; }

    /// <summary>Time left before the deadline (<c>Lambda-Runtime-Deadline-Ms</c>), never negative.</summary>
    TimeSpan RemainingTime { get; }

    string LogGroupName { get; }

    string LogStreamName { get; }

    /// <summary>The X-Ray trace header, when the invocation carried one.</summary>
    string? TraceId { get; }

    /// <summary>A logger whose scope carries the request id.</summary>
    ILogger Logger { get; }

    // Default implementations keep existing ILambdaContext fakes compiling.

    /// <summary>The mobile SDK client context (<c>Lambda-Runtime-Client-Context</c>, raw JSON), when sent.</summary>
    string? ClientContext => null;

    /// <summary>The Cognito identity (<c>Lambda-Runtime-Cognito-Identity</c>, raw JSON), when sent.</summary>
    string? CognitoIdentity => null;

    /// <summary>Counters flushed as one CloudWatch EMF line after the invocation.</summary>
    ILambdaMetrics Metrics => NullLambdaMetrics.Instance;
}
