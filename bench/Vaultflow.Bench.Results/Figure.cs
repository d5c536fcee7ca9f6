namespace Vaultflow.Bench.Results;

/// <summary>Whether a figure was measured in this run.</summary>
public static class FigureStatus
{
    public const string Measured = "measured";
    public const string NotMeasured = "not measured";
}

/// <summary>
/// One benchmark figure as written to latest.json. <see cref="Ratio"/> always reads "times as good as
/// the baseline" (above 1 is better): value/baseline when higher is better (throughput), baseline/value
/// when lower is better (time, calls, memory). The baseline is measured in the same run.
/// </summary>
public sealed record Figure
{
    /// <summary>Issue figure number and variant, e.g. "2a".</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public double? Value { get; init; }

    public double? Baseline { get; init; }

    public double? Ratio { get; init; }

    public required string Unit { get; init; }

    /// <summary>What the baseline is, e.g. "bare INSERT loop".</summary>
    public required string BaselineName { get; init; }

    public bool HigherIsBetter { get; init; }

    /// <summary>The goal in words, e.g. "ratio >= 0.6".</summary>
    public required string Goal { get; init; }

    public bool MeetsGoal { get; init; }

    /// <summary>Logical cores of the machine (Environment.ProcessorCount).</summary>
    public int Cores { get; init; }

    /// <summary>1/5/15-minute load averages when the figure was taken (noisy shared machine).</summary>
    public string? Load { get; init; }

    public required string Status { get; init; }

    /// <summary>Context: sample sizes, what bounds a miss, why a figure was not measured.</summary>
    public string? Note { get; init; }
}
