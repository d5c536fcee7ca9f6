using System.Collections.Concurrent;
using Vaultflow.Lambda.Context;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Lambda.Tests.LocalInvoke;

/// <summary>A one-function dispatcher that fails its first <c>failures</c> calls and records every request id it saw.</summary>
internal sealed class RecordingDispatcher(int failures, int expectedCalls) : ILambdaFunctionDispatcher
{
    private readonly ConcurrentQueue<string> _requestIds = new();
    private readonly TaskCompletionSource _expected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public IReadOnlyList<LambdaFunctionDescriptor> Functions { get; } = [new("Flaky", 128, 5, [], null)];

    public IReadOnlyCollection<string> RequestIds => [.. _requestIds];

    /// <summary>Completes once <c>expectedCalls</c> invocations have happened.</summary>
    public Task ExpectedCallsReached => _expected.Task;

    public Task<byte[]> InvokeAsync(string functionName, ReadOnlyMemory<byte> payload, ILambdaContext context, CancellationToken cancellationToken)
    {
        _requestIds.Enqueue(context.AwsRequestId);
        var call = Interlocked.Increment(ref _calls);
        if (call >= expectedCalls)
        {
            _expected.TrySetResult();
        }

        return call <= failures
            ? throw new TimeoutException($"attempt {call} failed on purpose")
            : Task.FromResult("{\"ok\":true}"u8.ToArray());
    }
}
