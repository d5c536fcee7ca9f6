using System.Globalization;

namespace Vaultflow.Bench.Results;

/// <summary>What a goal constrains: the measured value itself, or its ratio against the baseline.</summary>
public enum GoalTarget
{
    Value,
    Ratio,
}

/// <summary>The direction of a goal's bound.</summary>
public enum GoalComparison
{
    AtLeast,
    AtMost,
}

/// <summary>One bound on a figure, e.g. "ratio >= 0.7" or "value <= 30 ms".</summary>
public sealed record Goal(GoalTarget Target, GoalComparison Comparison, double Threshold)
{
    public static Goal RatioAtLeast(double threshold) => new(GoalTarget.Ratio, GoalComparison.AtLeast, threshold);

    public static Goal ValueAtMost(double threshold) => new(GoalTarget.Value, GoalComparison.AtMost, threshold);

    public static Goal ValueAtLeast(double threshold) => new(GoalTarget.Value, GoalComparison.AtLeast, threshold);

    /// <summary>True when the measured quantity satisfies the bound; false when it is missing or not a number.</summary>
    public bool IsMetBy(double? value, double? ratio)
    {
        var measured = Target == GoalTarget.Value ? value : ratio;
        if (measured is not { } x || double.IsNaN(x) || double.IsInfinity(x))
        {
            return false;
        }

        return Comparison == GoalComparison.AtLeast ? x >= Threshold : x <= Threshold;
    }

    /// <summary>Human form, e.g. "ratio >= 0.7" or "<= 30 ms".</summary>
    public string Describe(string unit)
    {
        var op = Comparison == GoalComparison.AtLeast ? ">=" : "<=";
        var threshold = Threshold.ToString("0.###", CultureInfo.InvariantCulture);
        return Target == GoalTarget.Ratio ? $"ratio {op} {threshold}" : $"{op} {threshold} {unit}";
    }
}
