using System.Diagnostics;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Lambda.Events;

namespace Vaultflow.Local.EventSourceMapping;

/// <summary>
/// The local stand-in for Lambda's SQS event source mapping: long-polls a queue, gathers a batch within
/// the batching window, invokes the function through the Invoke endpoint (RequestResponse), deletes the
/// records that succeeded and leaves the rest for redelivery (ReportBatchItemFailures semantics). A
/// function error leaves the whole batch. The queue's redrive policy then moves repeat failures to the DLQ.
/// <code>await using var mapping = SqsEventSourceMapping.Start(sqs, options);</code>
/// </summary>
public sealed class SqsEventSourceMapping : IAsyncDisposable
{
    private const int MaxMessagesPerReceive = 10;
    private readonly IAmazonSQS _sqs;
    private readonly SqsEventSourceOptions _options;
    private readonly LambdaInvokeClient _lambda;
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _pollers;
    private long _batches;

    private SqsEventSourceMapping(IAmazonSQS sqs, SqsEventSourceOptions options)
    {
        _sqs = sqs;
        _options = options;
        // No client timeout: the function's own Timeout bounds the call on the server side.
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _lambda = new LambdaInvokeClient(_http, options.LambdaEndpoint);
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqsEventSourceMapping>();
        var concurrency = Math.Max(1, options.Concurrency);
        PollerLog.Started(_logger, options.QueueUrl, options.FunctionName, concurrency, options.BatchSize, options.BatchingWindow.TotalSeconds);
        _pollers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => PollAsync(_stop.Token))).ToArray();
    }

    public SqsEventSourceOptions Options => _options;

    /// <summary>Batches invoked so far (successful or not).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Starts the pollers; they run until the mapping is disposed.</summary>
    public static SqsEventSourceMapping Start(IAmazonSQS sqs, SqsEventSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        return new SqsEventSourceMapping(sqs, options);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pollers).ConfigureAwait(false);
        _stop.Dispose();
        _http.Dispose();
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = await GatherAsync(cancellationToken).ConfigureAwait(false);
                if (batch.Count > 0)
                {
                    await ProcessAsync(batch, cancellationToken).ConfigureAwait(false);
                }

                backoff = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is AmazonSQSException or HttpRequestException or JsonException or IOException or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException)
            {
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                PollerLog.PollFailed(_logger, e, _options.QueueUrl, _options.FunctionName, (int)backoff.TotalMilliseconds);
                try
                {
                    await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Receives until the batch is full or the batching window has passed (one long poll when there is no window).</summary>
    private async Task<List<Message>> GatherAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Message>();
        var window = Stopwatch.StartNew();
        var waitSeconds = _options.WaitTimeSeconds;
        while (batch.Count < _options.BatchSize)
        {
            var response = await _sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = _options.QueueUrl,
                    MaxNumberOfMessages = Math.Min(MaxMessagesPerReceive, _options.BatchSize - batch.Count),
                    WaitTimeSeconds = waitSeconds,
                    MessageSystemAttributeNames = ["All"],
                    MessageAttributeNames = ["All"],
                },
                cancellationToken).ConfigureAwait(false);
            batch.AddRange(response.Messages ?? []);
            var remaining = _options.BatchingWindow - window.Elapsed;
            if (batch.Count == 0 || remaining <= TimeSpan.Zero)
            {
                break;
            }

            waitSeconds = (int)Math.Ceiling(Math.Min(remaining.TotalSeconds, 20));
        }

        return batch;
    }

    private async Task ProcessAsync(List<Message> batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _batches);
        var payload = SqsEventFactory.ToUtf8Json(SqsEventFactory.Create(batch, _options.QueueArn, _options.Region));
        var result = await _lambda.InvokeAsync(_options.FunctionName, payload, cancellationToken).ConfigureAwait(false);
        if (result.FunctionError)
        {
            PollerLog.FunctionError(_logger, _options.FunctionName, batch.Count);
            return;
        }

        var failed = FailedIds(result.Payload, batch);
        if (failed is null)
        {
            return;
        }

        var succeeded = batch.Where(m => !failed.Contains(m.MessageId)).ToList();
        foreach (var chunk in succeeded.Chunk(MaxMessagesPerReceive))
        {
            await _sqs.DeleteMessageBatchAsync(
                new DeleteMessageBatchRequest
                {
                    QueueUrl = _options.QueueUrl,
                    Entries = chunk.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList(),
                },
                cancellationToken).ConfigureAwait(false);
        }

        PollerLog.BatchDone(_logger, _options.FunctionName, batch.Count, succeeded.Count, failed.Count);
    }

    /// <summary>The ids to leave on the queue; null means "the whole batch" (a response Lambda would reject).</summary>
    private HashSet<string>? FailedIds(byte[] payload, List<Message> batch)
    {
        var failed = new HashSet<string>(StringComparer.Ordinal);
        if (payload.Length == 0 || payload.AsSpan().Trim((byte)' ').SequenceEqual("null"u8))
        {
            return failed;
        }

        using var document = JsonDocument.Parse(payload);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("batchItemFailures", out var items)
            || items.ValueKind != JsonValueKind.Array)
        {
            // Any other result (including none) means every record succeeded.
            return failed;
        }

        var response = document.RootElement.Deserialize(SqsEventsJsonContext.Default.SqsBatchResponse) ?? new SqsBatchResponse();
        foreach (var item in response.BatchItemFailures)
        {
            if (string.IsNullOrEmpty(item.ItemIdentifier) || !batch.Any(m => m.MessageId == item.ItemIdentifier))
            {
                PollerLog.UnknownItem(_logger, _options.FunctionName, item.ItemIdentifier ?? "(empty)");
                return null;
            }

            failed.Add(item.ItemIdentifier);
        }

        return failed;
    }
}
