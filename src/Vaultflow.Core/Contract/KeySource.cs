namespace Vaultflow.Core.Contract;

/// <summary>Where a message's idempotency key came from.</summary>
public enum KeySource
{
    /// <summary>The producer set <c>key</c> in the body.</summary>
    Producer,

    /// <summary>No <c>key</c>: the SQS message id (stable across redeliveries of one send).</summary>
    MessageId,

    /// <summary>No <c>key</c> and no message id (console input): <c>sha256:</c> of the canonical message.</summary>
    ContentHash,
}
