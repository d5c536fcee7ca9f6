namespace Vaultflow.Core.Workflow.Ports;

/// <summary>A message attribute as SQS models it: String, Number or Binary (with optional custom suffix).</summary>
public sealed record QueueAttribute(string DataType, string? StringValue, byte[]? BinaryValue = null)
{
    public static QueueAttribute String(string value) => new("String", value);
}

/// <summary>A message for the dead-letter queue: the original body and Vaultflow's attributes (plus the producer's that fit).</summary>
public sealed record DeadLetterMessage(string Body, IReadOnlyDictionary<string, QueueAttribute> Attributes);

/// <summary>Parks messages in the dead-letter queue.</summary>
public interface IDeadLetterQueue
{
    /// <summary>The queue's URL (checked against the ingest queue at start-up).</summary>
    string QueueUrl { get; }

    /// <summary>Sends the message; returns the DLQ message id.</summary>
    /// <exception cref="Errors.TransientException">The queue service throttled or was unreachable.</exception>
    Task<string> SendAsync(DeadLetterMessage message, CancellationToken cancellationToken);
}
