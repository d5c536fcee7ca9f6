using Microsoft.Extensions.Logging;

namespace Vaultflow.Local.EventSourceMapping;

internal static partial class PollerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Event source mapping {QueueUrl} -> {Function}: {Concurrency} poller(s), batch {BatchSize}, window {WindowSeconds}s")]
    public static partial void Started(ILogger logger, string queueUrl, string function, int concurrency, int batchSize, double windowSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Function}: batch of {Count} -> {Deleted} deleted, {Failed} left for redelivery")]
    public static partial void BatchDone(ILogger logger, string function, int count, int deleted, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} returned a function error for a batch of {Count}; the whole batch stays on the queue for redelivery")]
    public static partial void FunctionError(ILogger logger, string function, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function}: batch response names {Identifier}, which is not in the batch; the whole batch stays on the queue (as Lambda does)")]
    public static partial void UnknownItem(ILogger logger, string function, string identifier);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event source mapping {QueueUrl} -> {Function} failed; retrying in {DelayMs} ms")]
    public static partial void PollFailed(ILogger logger, Exception exception, string queueUrl, string function, int delayMs);
}
