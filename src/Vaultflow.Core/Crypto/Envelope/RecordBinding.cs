namespace Vaultflow.Core.Crypto.Envelope;

/// <summary>
/// The row a ciphertext belongs to. Both values are GCM associated data, so a ciphertext copied to
/// another row (other id or other idempotency key) fails to decrypt.
/// </summary>
public sealed record RecordBinding
{
    public RecordBinding(Guid recordId, string idempotencyKey)
    {
        if (recordId == Guid.Empty)
        {
            throw new ArgumentException("A record binding needs a non-empty record id.", nameof(recordId));
        }

        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        RecordId = recordId;
        IdempotencyKey = idempotencyKey;
    }

    public Guid RecordId { get; }

    public string IdempotencyKey { get; }
}
