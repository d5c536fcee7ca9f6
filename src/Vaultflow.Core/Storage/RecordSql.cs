using Npgsql;

namespace Vaultflow.Core.Storage;

/// <summary>The record store's statements; every value is a parameter.</summary>
internal static class RecordSql
{
    public const string Insert = """
        INSERT INTO records (id, idempotency_key, message_type, ciphertext, key_id, blind_index, source_message_id, execution_name)
        VALUES (@id, @idempotency_key, @message_type, @ciphertext, @key_id, @blind_index, @source_message_id, @execution_name)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id, idempotency_key, message_type, ciphertext, key_id, blind_index, source_message_id, execution_name, created_at
        """;

    /// <summary>
    /// A step's first attempt as one statement (one round trip, one commit): the record insert, and only when it
    /// inserted, the ledger row written directly as completed with the result the caller built for that outcome.
    /// The ledger insert has no ON CONFLICT: when the step already has a row (a retry, a resume, a concurrent
    /// execution holding it) it raises a unique violation on idempotency_steps_pkey and the record insert rolls
    /// back with it. No row back and no error: the key already had a record; nothing was written.
    /// </summary>
    public const string InsertWithCompletedStep = """
        WITH inserted AS (
            INSERT INTO records (id, idempotency_key, message_type, ciphertext, key_id, blind_index, source_message_id, execution_name)
            VALUES (@id, @idempotency_key, @message_type, @ciphertext, @key_id, @blind_index, @source_message_id, @execution_name)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id, idempotency_key, message_type, ciphertext, key_id, blind_index, source_message_id, execution_name, created_at
        ), completed AS (
            INSERT INTO idempotency_steps (idempotency_key, step, status, owner_request_id, lease_expires_at, attempts, result)
            SELECT @step_key, @step, 'completed', @request, NULL, 1, @result FROM inserted
            RETURNING attempts
        )
        SELECT inserted.id, inserted.idempotency_key, inserted.message_type, inserted.ciphertext, inserted.key_id,
               inserted.blind_index, inserted.source_message_id, inserted.execution_name, inserted.created_at
        FROM inserted CROSS JOIN completed
        """;

    /// <summary>The ledger's primary key: a unique violation on it means the step already has a row.</summary>
    public const string LedgerPrimaryKey = "idempotency_steps_pkey";

    public const string SelectByKey = """
        SELECT id, idempotency_key, message_type, ciphertext, key_id, blind_index, source_message_id, execution_name, created_at
        FROM records
        WHERE idempotency_key = @idempotency_key
        """;

    public const string SelectById = """
        SELECT id, idempotency_key, message_type, ciphertext, key_id, blind_index, source_message_id, execution_name, created_at
        FROM records
        WHERE id = @id
        """;

    public const string SelectByBlindIndex = """
        SELECT id, idempotency_key, message_type, ciphertext, key_id, blind_index, source_message_id, execution_name, created_at
        FROM records
        WHERE blind_index = @blind_index
        ORDER BY created_at, id
        LIMIT @limit
        """;

    public const string InsertFailure = """
        INSERT INTO failures (idempotency_key, source_message_id, reason, error_type, cause, execution_name)
        VALUES (@idempotency_key, @source_message_id, @reason, @error_type, @cause, @execution_name)
        RETURNING id
        """;

    /// <summary>One row of the statements above (their RETURNING/SELECT column order).</summary>
    public static StoredRecord ReadRecord(NpgsqlDataReader reader) => new(
        Id: reader.GetGuid(0),
        IdempotencyKey: reader.GetString(1),
        MessageType: reader.IsDBNull(2) ? null : reader.GetString(2),
        Ciphertext: reader.GetFieldValue<byte[]>(3),
        KeyId: reader.GetString(4),
        BlindIndex: reader.IsDBNull(5) ? null : reader.GetString(5),
        SourceMessageId: reader.IsDBNull(6) ? null : reader.GetString(6),
        ExecutionName: reader.IsDBNull(7) ? null : reader.GetString(7),
        CreatedAt: reader.GetFieldValue<DateTimeOffset>(8));
}
