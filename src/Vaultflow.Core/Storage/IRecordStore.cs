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
    /// (<see cref="Idempotency.IIdempotencyLedger.TryClaimAsync"/>), inserts the record as
    /// <see cref="PersistAsync"/> does, and completes the step. Returns null, writing nothing, when the
    /// step already has a ledger row: claim it with BeginAsync and use <see cref="PersistAsync"/>.
    /// </summary>
    /// <param name="leaseDuration">The claim's lease, as for BeginAsync (visible only if the commit is slow to land).</param>
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
