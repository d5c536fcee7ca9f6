namespace Vaultflow.Lambda.SampleFunctions.Functions;

public sealed record EchoRequest(string Message);

/// <summary>What Echo sends back: the message and what the function saw of its invocation.</summary>
public sealed record EchoResponse(string Message, string RequestId, string? TraceId, string? TraceIdFromEnvironment);

public sealed record FailRequest(string Reason);

/// <summary>What Remaining reports about its context.</summary>
public sealed record RemainingResponse(
    long RemainingMs,
    string RequestId,
    string FunctionName,
    string FunctionVersion,
    string InvokedFunctionArn,
    int MemoryLimitInMB,
    string LogGroupName,
    string LogStreamName,
    string? ClientContext,
    string? CognitoIdentity);
