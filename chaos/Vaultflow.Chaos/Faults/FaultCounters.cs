namespace Vaultflow.Chaos.Faults;

/// <summary>What the injector did, as counted by the components themselves where they count it.</summary>
internal sealed record FaultCounters
{
    public long KmsCalls { get; init; }

    public long KmsThrottled { get; init; }

    public long ConnectionsTerminated { get; init; }

    public int TerminateRounds { get; init; }

    public bool ServerRestarted { get; init; }

    public string? RestartNote { get; init; }

    public long EncryptCrashes { get; init; }

    public long PersistCrashes { get; init; }

    public long DedupeLostCalls { get; init; }

    public long StarterCrashes { get; init; }

    public long StartExecutionThrottled { get; init; }
}
