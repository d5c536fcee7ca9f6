namespace Vaultflow.Core.Storage;

/// <summary>An encrypted record to persist. Nothing here is plaintext.</summary>
/// <param name="Id">The record id; also GCM associated data, so it is chosen before encrypting.</param>
/// <param name="Ciphertext">The versioned envelope (format owned by Crypto/).</param>
/// <param name="KeyId">The KMS key (or raw keyring) id the data key came from.</param>
/// <param name="BlindIndex">Truncated HMAC of the normalised search field, or null.</param>
public sealed record NewRecord(
    Guid Id,
    string IdempotencyKey,
    string? MessageType,
    ReadOnlyMemory<byte> Ciphertext,
    string KeyId,
    string? BlindIndex,
    string? SourceMessageId,
    string? ExecutionName)
{
    /// <summary>Refuses a record the store must never write (no id, key, key id or ciphertext).</summary>
    internal static void Validate(NewRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Id == Guid.Empty)
        {
            throw new ArgumentException("The record id must be set (it is GCM associated data); use Guid.CreateVersion7().", nameof(record));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(record.IdempotencyKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.KeyId);
        if (record.Ciphertext.IsEmpty)
        {
            throw new ArgumentException($"The record for idempotency key '{record.IdempotencyKey}' has no ciphertext.", nameof(record));
        }
    }
}
