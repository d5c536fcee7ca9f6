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
    string? ExecutionName);
