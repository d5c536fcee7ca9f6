namespace Vaultflow.Lambda.Annotations;

/// <summary>
/// Marks a method as a Lambda function. The source generator wires it into the dispatcher and the
/// function manifest; nothing else is needed.
/// <code>
/// [LambdaFunction(Name = "Starter", MemorySize = 256, Timeout = 30)]
/// [SqsEvent("@IngestQueue", BatchSize = 10)]
/// public Task&lt;SqsBatchResponse&gt; StartAsync(SqsEvent batch, ILambdaContext context) ...
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LambdaFunctionAttribute : Attribute
{
    /// <summary>The function name; also the <c>_HANDLER</c> value. Defaults to the method name.</summary>
    public string? Name { get; set; }

    /// <summary>Memory in MB (128 to 10240).</summary>
    public int MemorySize { get; set; } = 256;

    /// <summary>Timeout in seconds (1 to 900).</summary>
    public int Timeout { get; set; } = 30;

    /// <summary>SAM policy templates or managed policies, e.g. "AWSLambdaBasicExecutionRole".</summary>
    public string[] Policies { get; set; } = [];
}

/// <summary>Subscribes the function to an SQS queue (an event source mapping with ReportBatchItemFailures).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SqsEventAttribute : Attribute
{
    /// <param name="queue">A template reference ("@IngestQueue" means the IngestQueue resource) or a queue ARN.</param>
    public SqsEventAttribute(string queue)
    {
        Queue = queue;
    }

    public string Queue { get; }

    /// <summary>1 to 10 for this project (standard queues allow more only with a batching window).</summary>
    public int BatchSize { get; set; } = 10;

    public int MaximumBatchingWindowInSeconds { get; set; }

    /// <summary>ScalingConfig.MaximumConcurrency (2 to 1000); 0 leaves it unset.</summary>
    public int MaximumConcurrency { get; set; }

    /// <summary>FilterCriteria patterns (JSON strings).</summary>
    public string[] Filters { get; set; } = [];
}

/// <summary>
/// Marks the startup class: a public static <c>ConfigureServices(IServiceCollection)</c> runs once per
/// cold start; each invocation gets its own scope, from which handler classes are built.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LambdaStartupAttribute : Attribute
{
}
