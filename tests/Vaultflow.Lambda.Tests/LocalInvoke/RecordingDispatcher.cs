using System.Collections.Concurrent;
using Vaultflow.Lambda.Context;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Lambda.Tests.LocalInvoke;

/// <summary>A one-function dispatcher ("Flaky") that fails its first <c>failures</c> calls, records every request id it saw and calls <c>onInvoke</c>.</summary>
internal sealed class RecordingDispatcher(int failures, Action? onInvoke = null) : ILambdaFunctionDispatcher
{
    private readonly ConcurrentQueue<string> _requestIds = new();
    private int _calls;

    public IReadOnlyList<LambdaFunctionDescriptor> Functions { get; } = [new("Flaky", 128, 5, [], null)];

    public IReadOnlyCollection<string> RequestIds => [.. _requestIds];

    public Task<byte[]> InvokeAsync(string functionName, ReadOnlyMemory<byte> payload, ILambdaContext context, CancellationToken cancellationToken)
    {
        _requestIds.Enqueue(context.AwsRequestId);
        onInvoke?.Invoke();
        var call = Interlocked.Increment(ref _calls);
        return call <= failures
            ? throw new TimeoutException($"attempt {call} failed on purpose")
            : Task.FromResult("{\"ok\":true}"u8.ToArray());
    }
}
