namespace Vaultflow.Core.Storage;

/// <summary>Encrypted records and failure rows in PostgreSQL.</summary>
public interface IRecordStore
{
    /// <summary>
    /// Inserts the record unless one with its idempotency key exists, in which case the existing row
    /// is returned with Inserted = false. With <paramref name="completion"/>, the ledger step is
    /// completed in the same transaction: if completing fails, the insert is rolled back too.
    /// </summary>
    /// <exception cref="Errors.StepInProgressException">The completion's request no longer owns the step.</exception>
    /// <exception cref="Errors.TransientException">The database was briefly unavailable (retryable).</exception>
    Task<PersistResult> PersistAsync(NewRecord record, LedgerCompletion? completion = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The first attempt of a persist step in one transaction (one commit): claims the ledger step
    /// (the ledger's conditional insert, in the same round trip as the record insert), inserts the record as
    /// <see cref="PersistAsync"/> does, and completes the step. Until the commit, a concurrent claimant waits
    /// on the ledger row's key, then finds the step completed. Returns null, writing nothing, when the step
    /// already has a ledger row: claim it with BeginAsync and use <see cref="PersistAsync"/>. A rollback
    /// leaves no trace of the attempt.
    /// </summary>
    /// <param name="leaseDuration">Written with the claim as BeginAsync writes it; no other request sees the row in progress, since it completes in the same transaction.</param>
    /// <exception cref="Errors.TransientException">The database was briefly unavailable (retryable); nothing was written.</exception>
    Task<PersistResult?> ClaimAndPersistAsync(NewRecord record, LedgerCompletion completion, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>The record with this id, or null.</summary>
    Task<StoredRecord?> GetByIdAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every record whose blind index equals <paramref name="blindIndex"/>, oldest first, at most
    /// <paramref name="limit"/>. Blind indexes are truncated, so these are candidates: decrypt and compare.
    /// </summary>
    Task<IReadOnlyList<StoredRecord>> FindByBlindIndexAsync(string blindIndex, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Appends a failure row and returns its id.</summary>
    Task<long> RecordFailureAsync(NewFailure failure, CancellationToken cancellationToken = default);
}
