using System.Collections.Concurrent;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Core.Tests.Workflow.Fakes;

/// <summary>
/// An in-memory <see cref="IDeadLetterQueue"/>; <see cref="Fail"/> makes every send throw a transient error,
/// <see cref="Refusals"/> are thrown one per send, in order, before anything is accepted. <see cref="Attempts"/>
/// holds every message offered, <see cref="Sent"/> the accepted ones.
/// </summary>
internal sealed class FakeDeadLetterQueue : IDeadLetterQueue
{
    private int _ids;

    public string QueueUrl { get; init; } = "http://127.0.0.1:1/000000000000/vaultflow-dlq";

    public ConcurrentQueue<DeadLetterMessage> Sent { get; } = new();

    public ConcurrentQueue<DeadLetterMessage> Attempts { get; } = new();

    public ConcurrentQueue<Exception> Refusals { get; } = new();

    public bool Fail { get; set; }

    public Task<string> SendAsync(DeadLetterMessage message, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(message);
        if (Refusals.TryDequeue(out var refusal))
        {
            throw refusal;
        }

        if (Fail)
        {
            throw new TransientException("The fake DLQ is down.");
        }

        Sent.Enqueue(message);
        return Task.FromResult("dlq-" + Interlocked.Increment(ref _ids));
    }
}
