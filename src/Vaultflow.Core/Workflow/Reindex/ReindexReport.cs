namespace Vaultflow.Core.Workflow.Reindex;

/// <summary>
/// What a re-index did (or, in a dry run, would do). Every scanned row is in exactly one of
/// <see cref="Updated"/>, <see cref="Unchanged"/> and <see cref="FailedToDecrypt"/>; <see cref="NoEmail"/>
/// counts the rows without <c>search.email</c> among the first two (their index is null).
/// </summary>
public sealed record ReindexReport
{
    /// <summary>At most this many failures are listed in <see cref="Failures"/> (all are counted).</summary>
    public const int MaxListedFailures = 100;

    public long Scanned { get; init; }

    /// <summary>Rows whose index was rewritten (dry run: would be).</summary>
    public long Updated { get; init; }

    /// <summary>Rows whose index was already right under the current key.</summary>
    public long Unchanged { get; init; }

    /// <summary>Rows without an e-mail (their index is, or becomes, null).</summary>
    public long NoEmail { get; init; }

    /// <summary>Rows that could not be decrypted or read; their index was left as it was.</summary>
    public long FailedToDecrypt { get; init; }

    /// <summary>The first <see cref="MaxListedFailures"/> failed rows: id and reason, never content.</summary>
    public IReadOnlyList<ReindexFailure> Failures { get; init; } = [];

    public bool DryRun { get; init; }

    /// <summary>False when the run stopped at <see cref="ReindexOptions.MaxRows"/> before the end of the table.</summary>
    public bool Completed { get; init; }
}

/// <summary>A row the re-index could not process.</summary>
/// <param name="RecordId">The record's id.</param>
/// <param name="Reason">A reason code (e.g. the DecryptionFailedException reason), never content.</param>
public sealed record ReindexFailure(Guid RecordId, string Reason);
