namespace Vaultflow.Lambda.Settings;

/// <summary>The environment variables a custom runtime reads or sets; every name lives here and nowhere else.</summary>
public static class LambdaEnvironmentVariables
{
    /// <summary>host:port of the Runtime API.</summary>
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>The function this process serves (the template's Handler).</summary>
    public const string Handler = "_HANDLER";

    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";

    public const string FunctionVersion = "AWS_LAMBDA_FUNCTION_VERSION";

    public const string FunctionMemorySize = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";

    public const string LogGroupName = "AWS_LAMBDA_LOG_GROUP_NAME";

    public const string LogStreamName = "AWS_LAMBDA_LOG_STREAM_NAME";

    public const string Region = "AWS_REGION";

    /// <summary>TRACE, DEBUG, INFO, WARN, ERROR or FATAL (the function's advanced logging controls).</summary>
    public const string LogLevel = "AWS_LAMBDA_LOG_LEVEL";

    /// <summary>Set by the runtime per invocation from <c>Lambda-Runtime-Trace-Id</c>; the X-Ray SDKs read it.</summary>
    public const string TraceId = "_X_AMZN_TRACE_ID";
}
