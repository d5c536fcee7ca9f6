using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vaultflow.Lambda.ExceptionHandling;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.LocalInvoke.Faults;

namespace Vaultflow.Lambda.LocalInvoke;

/// <summary>
/// Event (asynchronous) invocations: queued, run in the background, and retried after the configured
/// delays when they fail, keeping the SAME request id on every attempt, as Lambda does.
/// </summary>
internal sealed partial class AsyncInvocationQueue : IAsyncDisposable
{
    private readonly Channel<QueuedInvocation> _queue = Channel.CreateUnbounded<QueuedInvocation>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly InProcessInvoker _invoker;
    private readonly LocalInvokeOptions _options;
    private readonly LocalInvokeFaults _faults;
    private readonly ILogger _log;
    private readonly Task _worker;
    private readonly List<Task> _running = [];
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<int>> _settled = new(StringComparer.Ordinal);

    public AsyncInvocationQueue(InProcessInvoker invoker, LocalInvokeOptions options, LocalInvokeFaults faults, ILogger log)
    {
        _invoker = invoker;
        _options = options;
        _faults = faults;
        _log = log;
        _worker = Task.Run(DrainAsync);
    }

    public void Enqueue(LambdaFunctionDescriptor function, string requestId, byte[] payload)
    {
        _settled[requestId] = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Writer.TryWrite(new QueuedInvocation(function, requestId, payload));
    }

    /// <summary>Completes with the number of attempts once the event succeeded or retries ran out.</summary>
    public Task<int> SettledAsync(string requestId) =>
        _settled.TryGetValue(requestId, out var settled) ? settled.Task : throw new KeyNotFoundException($"No event invocation {requestId} was queued.");

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _worker.ConfigureAwait(false);
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task DrainAsync()
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                // Each event runs on its own, as Lambda runs them concurrently in separate sandboxes.
                var task = RunWithRetriesAsync(item);
                lock (_gate)
                {
                    _running.RemoveAll(t => t.IsCompleted);
                    _running.Add(task);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: queued events are dropped, like a stopped local stack would.
        }
    }

    private async Task RunWithRetriesAsync(QueuedInvocation item)
    {
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var crash = _faults.TakeCrash(item.Function.Name);
                var outcome = await _invoker.InvokeAsync(item.Function, item.RequestId, item.Payload, _stopping.Token).ConfigureAwait(false);
                if (crash is not null)
                {
                    // The sandbox died after the function ran: Lambda reports Runtime.ExitError and retries the event.
                    outcome = outcome with { Error = new LambdaErrorPayload("The execution environment exited before the invocation completed (injected by the local fault switch).", "Runtime.ExitError", []) };
                }

                if (outcome.Error is null)
                {
                    Settle(item.RequestId, attempt + 1);
                    return;
                }

                if (attempt >= _options.AsyncRetryDelays.Count)
                {
                    LogGaveUp(_log, item.Function.Name, item.RequestId, attempt + 1, outcome.Error.ErrorType);
                    Settle(item.RequestId, attempt + 1);
                    return;
                }

                var delay = _options.AsyncRetryDelays[attempt];
                LogRetrying(_log, item.Function.Name, item.RequestId, attempt + 1, outcome.Error.ErrorType, delay);
                await Task.Delay(delay, _options.Clock, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down mid-retry.
            _settled.GetValueOrDefault(item.RequestId)?.TrySetCanceled();
        }
    }

    private void Settle(string requestId, int attempts) => _settled.GetValueOrDefault(requestId)?.TrySetResult(attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event invocation of {Function} ({RequestId}) failed on attempt {Attempt} with {ErrorType}; retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string function, string requestId, int attempt, string errorType, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event invocation of {Function} ({RequestId}) failed {Attempts} times with {ErrorType}; giving up (Lambda would send it to the on-failure destination or DLQ)")]
    private static partial void LogGaveUp(ILogger logger, string function, string requestId, int attempts, string errorType);

    private sealed record QueuedInvocation(LambdaFunctionDescriptor Function, string RequestId, byte[] Payload);
}
