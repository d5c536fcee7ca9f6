namespace Vaultflow.Bench.Results;

/// <summary>Latency percentiles by the nearest-rank method (no interpolation: every reported value was observed).</summary>
public static class Percentiles
{
    /// <param name="sorted">Samples in ascending order.</param>
    /// <param name="percentile">0 &lt; p &lt;= 100.</param>
    public static double NearestRank(IReadOnlyList<double> sorted, double percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    public static double Median(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToList();
        return NearestRank(sorted, 50);
    }
}
