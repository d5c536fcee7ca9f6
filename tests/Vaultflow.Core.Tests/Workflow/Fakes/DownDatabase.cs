using Npgsql;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage;

namespace Vaultflow.Core.Tests.Workflow.Fakes;

/// <summary>A ledger and a record store whose database is down: every call throws a transient error, and is counted.</summary>
internal sealed class DownDatabase : IIdempotencyLedger, IRecordStore
{
    public int Calls { get; private set; }

    public Task<StepClaim> BeginAsync(string idempotencyKey, string step, string awsRequestId, TimeSpan leaseDuration, CancellationToken cancellationToken = default) => Down<StepClaim>();

    public Task CompleteAsync(string idempotencyKey, string step, string awsRequestId, string resultJson, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) => Down<bool>();

    public Task<bool> FailAsync(string idempotencyKey, string step, string awsRequestId, string errorType, string message, CancellationToken cancellationToken = default) => Down<bool>();

    public Task<PersistResult> PersistAsync(NewRecord record, LedgerCompletion? completion = null, CancellationToken cancellationToken = default) => Down<PersistResult>();

    public Task<PersistResult?> ClaimAndPersistAsync(NewRecord record, LedgerCompletion completion, CancellationToken cancellationToken = default) => Down<PersistResult?>();

    public Task<StoredRecord?> GetByIdAsync(Guid id, CancellationToken cancellationToken = default) => Down<StoredRecord?>();

    public Task<IReadOnlyList<StoredRecord>> FindByBlindIndexAsync(string blindIndex, int limit = 100, CancellationToken cancellationToken = default) => Down<IReadOnlyList<StoredRecord>>();

    public Task<long> RecordFailureAsync(NewFailure failure, CancellationToken cancellationToken = default) => Down<long>();

    private Task<T> Down<T>()
    {
        Calls++;
        throw new TransientException("PostgreSQL failed transiently: SqlState 57P03: the database system is shutting down.");
    }
}
