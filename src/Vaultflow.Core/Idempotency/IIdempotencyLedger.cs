using Npgsql;

namespace Vaultflow.Core.Idempotency;

/// <summary>
/// Step-level idempotency: one ledger row per (idempotency key, step) with a status, an owner
/// (the Lambda aws_request_id), a lease on the database clock, an attempt count and the stored result.
/// </summary>
public interface IIdempotencyLedger
{
    /// <summary>
    /// Claims the step for <paramref name="awsRequestId"/> or reports that it already completed.
    /// </summary>
    /// <param name="leaseDuration">How long the claim holds without completing; use the invocation's remaining time.</param>
    /// <exception cref="Errors.StepInProgressException">Another live request owns the step (retryable).</exception>
    /// <exception cref="Errors.TransientException">The database was briefly unavailable (retryable).</exception>
    Task<StepClaim> BeginAsync(string idempotencyKey, string step, string awsRequestId, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the step completed with <paramref name="resultJson"/> (a JSON document). Only the current
    /// owner can complete. Pass <paramref name="transaction"/> to commit the completion atomically with
    /// the step's own writes.
    /// </summary>
    /// <exception cref="Errors.StepInProgressException">The request no longer owns the step (its lease was taken over).</exception>
    Task CompleteAsync(string idempotencyKey, string step, string awsRequestId, string resultJson, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases the step as failed so that a retry can take it over; the attempt count stays.
    /// Returns false (and changes nothing) when the request no longer owns the step.
    /// </summary>
    Task<bool> FailAsync(string idempotencyKey, string step, string awsRequestId, string errorType, string message, CancellationToken cancellationToken = default);
}
