using System.Collections.Concurrent;
using System.Text;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Core.Tests.Workflow.Fakes;

/// <summary>An in-memory <see cref="IExecutionStarter"/>: records every call; <see cref="Behaviour"/> decides the answer.</summary>
internal sealed class FakeExecutionStarter : IExecutionStarter
{
    private int _inFlight;
    private int _maxInFlight;

    public ConcurrentQueue<(string Name, string Input)> Calls { get; } = new();

    /// <summary>Per execution name: return an outcome or throw. Default: Started.</summary>
    public Func<string, ExecutionStartOutcome> Behaviour { get; set; } = _ => ExecutionStartOutcome.Started;

    /// <summary>When set, every call waits for it (to hold calls in flight).</summary>
    public Task? Gate { get; set; }

    /// <summary>Completed when <see cref="InFlightTarget"/> calls are in flight at once.</summary>
    public TaskCompletionSource ReachedTarget { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int InFlightTarget { get; set; } = int.MaxValue;

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public async Task<ExecutionStartOutcome> StartAsync(string executionName, ReadOnlyMemory<byte> inputJson, CancellationToken cancellationToken)
    {
        Calls.Enqueue((executionName, Encoding.UTF8.GetString(inputJson.Span)));
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        if (now >= InFlightTarget)
        {
            ReachedTarget.TrySetResult();
        }

        try
        {
            if (Gate is not null)
            {
                await Gate.WaitAsync(cancellationToken);
            }
            else
            {
                await Task.Yield();
            }

            return Behaviour(executionName);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
