namespace Vaultflow.Chaos.Figures;

/// <summary>The figures of one run, all counted from the real system at the end.</summary>
internal sealed record ChaosFigures
{
    public required int Sent { get; init; }

    public required int Persisted { get; init; }

    public required int UniqueValid { get; init; }

    public required IReadOnlyDictionary<string, int> DlqByReason { get; init; }

    public required int Lost { get; init; }

    public required int DuplicateRows { get; init; }

    public required int ReplaysRefused { get; init; }

    public required long PlaintextHits { get; init; }

    public required int BadInputKinds { get; init; }

    public required int BadInputHandled { get; init; }

    /// <summary>Per poison kind not parked with exactly its expected reason: what happened. Must be empty.</summary>
    public required IReadOnlyDictionary<string, string> BadInputMismatches { get; init; }

    public required int HostileValidSent { get; init; }

    public required int HostileValidIntact { get; init; }

    public required IReadOnlyDictionary<string, string> HostileValidMismatches { get; init; }

    // The details behind the headline figures.
    public required int ExactDuplicatesSent { get; init; }

    public required int KeyDuplicatesSent { get; init; }

    public required int PoisonSent { get; init; }

    public required int PoisonParked { get; init; }

    /// <summary>Poison parked for forged vf-* attributes (a valid body), replayed with Vaultflow's own attributes and persisted once.</summary>
    public required int PoisonPersistedAfterReplay { get; init; }

    public required int PoisonWithExpectedReason { get; init; }

    public required int RefusedBySqs { get; init; }

    public required int ValidInDlq { get; init; }

    public required int UnmatchedRows { get; init; }

    public required int DecryptFailures { get; init; }

    public required int ReplaysMoved { get; init; }

    public required int ReplayRounds { get; init; }

    public required IReadOnlyDictionary<string, int> RetriesByStep { get; init; }

    public required IReadOnlyDictionary<string, long> LedgerRetriesByStep { get; init; }

    public required IReadOnlyDictionary<string, int> TaskErrors { get; init; }

    public required IReadOnlyDictionary<string, int> ExecutionsByStatus { get; init; }

    public required IReadOnlyDictionary<string, long> PlaintextByPlace { get; init; }

    public required Faults.FaultCounters Faults { get; init; }

    public required bool Settled { get; init; }

    public required double DurationSeconds { get; init; }

    public required string BadInputSource { get; init; }

    public bool Passed => Lost == 0 && DuplicateRows == 0 && PlaintextHits == 0 && UnmatchedRows == 0 && DecryptFailures == 0
        && BadInputMismatches.Count == 0 && HostileValidMismatches.Count == 0;
}
