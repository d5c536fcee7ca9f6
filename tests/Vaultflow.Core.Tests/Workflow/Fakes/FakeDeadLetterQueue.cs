using System.Collections.Concurrent;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Core.Tests.Workflow.Fakes;

/// <summary>An in-memory <see cref="IDeadLetterQueue"/>; <see cref="Fail"/> makes every send throw a transient error.</summary>
internal sealed class FakeDeadLetterQueue : IDeadLetterQueue
{
    private int _ids;

    public string QueueUrl { get; init; } = "http://127.0.0.1:1/000000000000/vaultflow-dlq";

    public ConcurrentQueue<DeadLetterMessage> Sent { get; } = new();

    public bool Fail { get; set; }

    public Task<string> SendAsync(DeadLetterMessage message, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new TransientException("The fake DLQ is down.");
        }

        Sent.Enqueue(message);
        return Task.FromResult("dlq-" + Interlocked.Increment(ref _ids));
    }
}
