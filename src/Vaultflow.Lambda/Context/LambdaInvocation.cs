namespace Vaultflow.Lambda.Context;

/// <summary>The per-invocation facts carried by the Runtime API's <c>/next</c> response headers.</summary>
/// <param name="AwsRequestId"><c>Lambda-Runtime-Aws-Request-Id</c>.</param>
/// <param name="Deadline"><c>Lambda-Runtime-Deadline-Ms</c> (Unix milliseconds).</param>
/// <param name="InvokedFunctionArn"><c>Lambda-Runtime-Invoked-Function-Arn</c>.</param>
/// <param name="TraceId"><c>Lambda-Runtime-Trace-Id</c>.</param>
/// <param name="ClientContext"><c>Lambda-Runtime-Client-Context</c> (raw JSON).</param>
/// <param name="CognitoIdentity"><c>Lambda-Runtime-Cognito-Identity</c> (raw JSON).</param>
public sealed record LambdaInvocation(
    string AwsRequestId,
    DateTimeOffset Deadline,
    string InvokedFunctionArn,
    string? TraceId,
    string? ClientContext,
    string? CognitoIdentity);
