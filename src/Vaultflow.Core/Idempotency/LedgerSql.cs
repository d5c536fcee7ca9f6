namespace Vaultflow.Core.Idempotency;

/// <summary>The ledger's statements. Every value is a parameter; leases use the database clock.</summary>
internal static class LedgerSql
{
    /// <summary>The conditional write: only the first claimant gets a row back.</summary>
    public const string TryClaim = """
        INSERT INTO idempotency_steps (idempotency_key, step, status, owner_request_id, lease_expires_at, attempts)
        VALUES (@key, @step, 'in_progress', @request, now() + @lease, 1)
        ON CONFLICT (idempotency_key, step) DO NOTHING
        RETURNING attempts, lease_expires_at
        """;

    public const string LockExisting = """
        SELECT status, owner_request_id, lease_expires_at, attempts, result::text,
               coalesce(lease_expires_at > now(), false) AS lease_live
        FROM idempotency_steps
        WHERE idempotency_key = @key AND step = @step
        FOR UPDATE
        """;

    public const string ExtendLease = """
        UPDATE idempotency_steps
        SET lease_expires_at = now() + @lease, updated_at = now()
        WHERE idempotency_key = @key AND step = @step
        RETURNING attempts, lease_expires_at
        """;

    public const string TakeOver = """
        UPDATE idempotency_steps
        SET status = 'in_progress', owner_request_id = @request, lease_expires_at = now() + @lease,
            attempts = attempts + 1, updated_at = now()
        WHERE idempotency_key = @key AND step = @step
        RETURNING attempts, lease_expires_at
        """;

    public const string Complete = """
        UPDATE idempotency_steps
        SET status = 'completed', result = @result, lease_expires_at = NULL,
            error_type = NULL, error_message = NULL, updated_at = now()
        WHERE idempotency_key = @key AND step = @step AND status = 'in_progress' AND owner_request_id = @request
        RETURNING attempts
        """;

    public const string Fail = """
        UPDATE idempotency_steps
        SET status = 'failed', error_type = @error_type, error_message = @error_message,
            lease_expires_at = NULL, updated_at = now()
        WHERE idempotency_key = @key AND step = @step AND status = 'in_progress' AND owner_request_id = @request
        RETURNING attempts
        """;

    public const string Describe = """
        SELECT status, owner_request_id, lease_expires_at
        FROM idempotency_steps
        WHERE idempotency_key = @key AND step = @step
        """;
}
