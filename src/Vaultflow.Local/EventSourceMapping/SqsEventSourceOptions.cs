using Microsoft.Extensions.Logging;

namespace Vaultflow.Local.EventSourceMapping;

/// <summary>One SQS event source mapping: which queue feeds which function, and how Lambda would batch it.</summary>
public sealed record SqsEventSourceOptions
{
    /// <summary>The function to invoke (a name the Invoke endpoint serves).</summary>
    public required string FunctionName { get; init; }

    public required string QueueUrl { get; init; }

    /// <summary>The queue's ARN, written into every record's <c>eventSourceARN</c>.</summary>
    public required string QueueArn { get; init; }

    /// <summary>The local Lambda Invoke endpoint, e.g. http://127.0.0.1:4574/.</summary>
    public required Uri LambdaEndpoint { get; init; }

    public string Region { get; init; } = "us-east-1";

    /// <summary>Records per invocation (Lambda's BatchSize; SQS hands out at most 10 per receive).</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>How long to gather records before invoking with fewer than <see cref="BatchSize"/>.</summary>
    public TimeSpan BatchingWindow { get; init; } = TimeSpan.Zero;

    /// <summary>Pollers working the queue at once (Lambda's MaximumConcurrency).</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>Long-poll wait per ReceiveMessage (SQS allows 0 to 20 seconds).</summary>
    public int WaitTimeSeconds { get; init; } = 5;

    /// <summary>The longest pause after a failing receive or invoke (backoff doubles up to this).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    public ILoggerFactory? LoggerFactory { get; init; }
}
