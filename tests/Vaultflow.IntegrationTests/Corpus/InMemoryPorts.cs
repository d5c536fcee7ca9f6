using System.Collections.Concurrent;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.IntegrationTests.Corpus;

/// <summary>The Starter's ports in memory, for driving the real StarterService without I/O (our own ports, not AWS clients).</summary>
internal sealed class InMemoryExecutions : IExecutionStarter
{
    public ConcurrentDictionary<string, byte[]> Started { get; } = new(StringComparer.Ordinal);

    public Task<ExecutionStartOutcome> StartAsync(string executionName, ReadOnlyMemory<byte> inputJson, CancellationToken cancellationToken) =>
        Task.FromResult(Started.TryAdd(executionName, inputJson.ToArray()) ? ExecutionStartOutcome.Started : ExecutionStartOutcome.AlreadyExists);
}

internal sealed class InMemoryDeadLetters : IDeadLetterQueue
{
    public ConcurrentQueue<DeadLetterMessage> Parked { get; } = new();

    public string QueueUrl => "http://127.0.0.1:1/000000000000/dlq";

    public Task<string> SendAsync(DeadLetterMessage message, CancellationToken cancellationToken)
    {
        Parked.Enqueue(message);
        return Task.FromResult(Guid.NewGuid().ToString());
    }
}
