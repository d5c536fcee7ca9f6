namespace Vaultflow.Core.Storage;

/// <summary>
/// What a ledger completion's result may depend on: the record's id and whether this call inserted it.
/// On a step's first attempt both are known before the write (the id is chosen client-side), so the
/// result can travel with the insert (<see cref="IRecordStore.ClaimAndPersistAsync"/>).
/// </summary>
public sealed record PersistOutcome(Guid RecordId, bool Inserted);
