namespace Vaultflow.Core.Workflow.Reindex;

/// <summary>How <see cref="BlindIndexReindexer"/> runs.</summary>
public sealed record ReindexOptions
{
    public const int DefaultBatchSize = 500;

    public const int MaxBatchSize = 10_000;

    /// <summary>Rows read per page and written per transaction (1..10,000): bounds memory and the work a crash can lose.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Count what would change, write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Stop after scanning this many rows (null: all). A later run continues where the index is still wrong.</summary>
    public long? MaxRows { get; init; }

    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BatchSize, MaxBatchSize, nameof(BatchSize));
        if (MaxRows is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(MaxRows));
        }
    }
}
