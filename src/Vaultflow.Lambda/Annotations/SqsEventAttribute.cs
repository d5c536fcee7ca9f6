namespace Vaultflow.Lambda.Annotations;

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

    /// <summary>0 to 300 seconds.</summary>
    public int MaximumBatchingWindowInSeconds { get; set; }

    /// <summary>ScalingConfig.MaximumConcurrency (2 to 1000); 0 leaves it unset.</summary>
    public int MaximumConcurrency { get; set; }

    /// <summary>
    /// FilterCriteria patterns (JSON strings), or "@Name": a template parameter holding one, applied only
    /// when set (template sync wraps it in Fn::If on the condition NameIsSet, which the template defines).
    /// </summary>
    public string[] Filters { get; set; } = [];
}
