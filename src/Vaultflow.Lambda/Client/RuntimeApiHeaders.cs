namespace Vaultflow.Lambda.Client;

/// <summary>Header names of the Lambda Runtime API (version 2018-06-01).</summary>
public static class RuntimeApiHeaders
{
    public const string AwsRequestId = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineMs = "Lambda-Runtime-Deadline-Ms";
    public const string InvokedFunctionArn = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceId = "Lambda-Runtime-Trace-Id";
    public const string ClientContext = "Lambda-Runtime-Client-Context";
    public const string CognitoIdentity = "Lambda-Runtime-Cognito-Identity";

    /// <summary>Sent with /error and /init/error; Lambda recommends <c>Category.Reason</c>.</summary>
    public const string FunctionErrorType = "Lambda-Runtime-Function-Error-Type";
}
