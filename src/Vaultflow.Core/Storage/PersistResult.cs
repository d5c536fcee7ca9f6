namespace Vaultflow.Core.Storage;

/// <summary>The stored row and whether this call inserted it (false: a row with the key already existed).</summary>
public sealed record PersistResult(StoredRecord Record, bool Inserted)
{
    public PersistOutcome Outcome => new(Record.Id, Inserted);
}
