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
    /// The first attempt of a persist step as one statement (one round trip, one commit): inserts the record and,
    /// in the same statement, the step's ledger row already completed with <paramref name="completion"/>'s result
    /// for <c>Inserted = true</c> (the only outcome it writes, so the result is built before the write). A
    /// concurrent first attempt of the key waits on the uncommitted record and then writes nothing. Returns
    /// null, writing nothing, when the step already has a ledger row (a retry, a resume, a concurrent execution)
    /// or the key already has a record: claim the step with BeginAsync and use <see cref="PersistAsync"/>, which
    /// handles both. A failure or a lost connection leaves either both rows or neither.
    /// </summary>
    /// <exception cref="Errors.TransientException">The database was briefly unavailable (retryable); nothing was written unless the connection was lost after the commit.</exception>
    Task<PersistResult?> ClaimAndPersistAsync(NewRecord record, LedgerCompletion completion, CancellationToken cancellationToken = default);

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
