namespace Vaultflow.Bench.Results;

/// <summary>Builds figures, computing the ratio and whether the goal is met in one place.</summary>
public static class FigureFactory
{
    /// <summary>"Times as good as the baseline": value/baseline if higher is better, else baseline/value.</summary>
    /// <returns>Null when the divisor is zero or either side is missing.</returns>
    public static double? Ratio(double? value, double? baseline, bool higherIsBetter)
    {
        if (value is not { } v || baseline is not { } b)
        {
            return null;
        }

        var (numerator, denominator) = higherIsBetter ? (v, b) : (b, v);
        return denominator == 0 ? null : numerator / denominator;
    }

    public static Figure Measured(FigureSpec spec, double value, double baseline, RunContext run, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(run);
        var ratio = Ratio(value, baseline, spec.HigherIsBetter);
        return new Figure
        {
            Id = spec.Id,
            Name = spec.Name,
            Value = value,
            Baseline = baseline,
            Ratio = ratio,
            Unit = spec.Unit,
            BaselineName = spec.BaselineName,
            HigherIsBetter = spec.HigherIsBetter,
            Goal = spec.Goal.Describe(spec.Unit),
            MeetsGoal = spec.Goal.IsMetBy(value, ratio),
            Cores = run.Cores,
            Load = run.Load(),
            Status = FigureStatus.Measured,
            Note = note,
        };
    }

    /// <summary>A figure that could not run here; it never meets its goal.</summary>
    public static Figure NotMeasured(FigureSpec spec, RunContext run, string reason)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new Figure
        {
            Id = spec.Id,
            Name = spec.Name,
            Unit = spec.Unit,
            BaselineName = spec.BaselineName,
            HigherIsBetter = spec.HigherIsBetter,
            Goal = spec.Goal.Describe(spec.Unit),
            MeetsGoal = false,
            Cores = run.Cores,
            Load = run.Load(),
            Status = FigureStatus.NotMeasured,
            Note = reason,
        };
    }
}

/// <summary>What a figure measures and its goal, independent of a run.</summary>
public sealed record FigureSpec(string Id, string Name, string Unit, string BaselineName, bool HigherIsBetter, Goal Goal);
