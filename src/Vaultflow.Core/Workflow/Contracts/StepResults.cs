namespace Vaultflow.Core.Workflow.Contracts;

/// <summary>
/// Encrypt's output (and Persist's <c>$.workflow</c>): the state without the message. The ciphertext
/// stays in the ledger (step <c>encrypt</c>), so neither plaintext nor ciphertext reaches the execution
/// state or history, and big messages stay under the 256 KiB state limit.
/// </summary>
public sealed record EncryptedState
{
    public required string IdempotencyKey { get; init; }

    public string? MessageId { get; init; }

    public int ReceiveCount { get; init; }

    public int ReplayCount { get; init; }

    public int Hops { get; init; }

    public string? Type { get; init; }

    public required Guid RecordId { get; init; }

    /// <summary>The wrapping key the data key came from (a KMS key ARN or <c>raw-aes:&lt;name&gt;</c>).</summary>
    public required string KeyId { get; init; }

    public bool HasBlindIndex { get; init; }
}

/// <summary>Persist's output, which is also the execution's output.</summary>
/// <param name="RecordId">The record's id: the existing row's on a conflict.</param>
/// <param name="Inserted">False when a row with the idempotency key already existed.</param>
public sealed record PersistOutput(Guid RecordId, bool Inserted, string IdempotencyKey, string? ExecutionName);

/// <summary>RouteFailure's output (kept at <c>$.routed</c>).</summary>
/// <param name="Reason">The <c>vf-failure</c> reason code sent with the message.</param>
/// <param name="DlqMessageId">The DLQ message id.</param>
/// <param name="FailureId">The failures row.</param>
public sealed record RouteFailureOutput(string Reason, string DlqMessageId, long FailureId, string ExecutionName);
