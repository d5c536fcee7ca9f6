namespace Vaultflow.Core.Storage;

/// <summary>A row of <c>records</c> as stored; <see cref="CreatedAt"/> is the database clock.</summary>
public sealed record StoredRecord(
    Guid Id,
    string IdempotencyKey,
    string? MessageType,
    ReadOnlyMemory<byte> Ciphertext,
    string KeyId,
    string? BlindIndex,
    string? SourceMessageId,
    string? ExecutionName,
    DateTimeOffset CreatedAt);
