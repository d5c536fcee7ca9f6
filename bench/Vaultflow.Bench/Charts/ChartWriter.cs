using System.Globalization;
using ScottPlot;
using Vaultflow.Bench.Figures.EndToEnd;
using Vaultflow.Bench.Figures.Growth;
using Vaultflow.Bench.Results;

namespace Vaultflow.Bench.Charts;

/// <summary>PNG charts of a run (ScottPlot 5, rendered headless through SkiaSharp's bundled Linux assets).</summary>
internal static class ChartWriter
{
    private const int Width = 1000;
    private const int Height = 520;

    /// <summary>Every throughput figure as "x its baseline", with its goal drawn over its bar.</summary>
    public static string? Throughput(IReadOnlyList<Figure> figures, string directory)
    {
        var shown = figures.Where(f => f.Status == FigureStatus.Measured && f.HigherIsBetter && f.Ratio is not null).ToList();
        if (shown.Count == 0)
        {
            return null;
        }

        var plot = new Plot();
        var bars = plot.Add.Bars(shown.Select(f => f.Ratio!.Value).ToArray());
        for (var i = 0; i < shown.Count; i++)
        {
            bars.Bars[i].FillColor = shown[i].MeetsGoal ? Colors.SeaGreen : Colors.IndianRed;
            bars.Bars[i].Label = shown[i].Ratio!.Value.ToString(shown[i].Ratio < 1 ? "0.000" : "0.00", CultureInfo.InvariantCulture);
            if (GoalThreshold(shown[i]) is { } goal)
            {
                var line = plot.Add.Line(i - 0.45, goal, i + 0.45, goal);
                line.LineWidth = 3;
                line.LineColor = Colors.Black;
                line.LinePattern = LinePattern.Dashed;
            }
        }

        bars.ValueLabelStyle.FontSize = 14;
        var baseline = plot.Add.HorizontalLine(1);
        baseline.LineColor = Colors.Gray;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, shown.Count).Select(i => (double)i)], [.. shown.Select(f => $"{f.Id}\n{Short(f)}")]);
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title("Throughput as x its same-run baseline (bar); dashed = goal; green met, red missed");
        plot.YLabel("ratio to baseline (higher is better)");
        return Save(plot, directory, "throughput.png");
    }

    /// <summary>Per-record persist time of the write paths (latency.png) and, when measured, the end-to-end percentiles (e2e-latency.png): two scales, two charts.</summary>
    public static string? Latency(IReadOnlyDictionary<string, double>? persistMs, EndToEndLatencies? endToEnd, string directory)
    {
        if (endToEnd is not null)
        {
            _ = Bars(
                ["p50", "p95", "p99"],
                [endToEnd.P50Ms / 1000, endToEnd.P95Ms / 1000, endToEnd.P99Ms / 1000],
                "s",
                "End to end on the local stack: SQS send -> persisted row latency",
                "seconds (lower is better)",
                directory,
                "e2e-latency.png");
        }

        return persistMs is { Count: > 0 }
            ? Bars(
                [.. persistMs.Keys],
                [.. persistMs.Values],
                "ms",
                "Persist latency per record (sequential, one connection at a time)",
                "milliseconds (lower is better)",
                directory,
                "latency.png")
            : null;
    }

    private static string Bars(string[] labels, double[] values, string unit, string title, string yLabel, string directory, string file)
    {
        var plot = new Plot();
        var bars = plot.Add.Bars(values);
        foreach (var (bar, value) in bars.Bars.Zip(values))
        {
            bar.Label = value.ToString(value >= 10 ? "0" : "0.00", CultureInfo.InvariantCulture) + " " + unit;
        }

        bars.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, labels.Length).Select(i => (double)i)], labels);
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title(title);
        plot.YLabel(yLabel);
        return Save(plot, directory, file);
    }

    /// <summary>Persist time per record against table size (log scale).</summary>
    public static string? Growth(IReadOnlyList<GrowthPoint> points, string directory)
    {
        if (points.Count == 0)
        {
            return null;
        }

        var plot = new Plot();
        var xs = points.Select(p => Math.Log10(p.Rows)).ToArray();
        var idempotent = plot.Add.Scatter(xs, points.Select(p => p.IdempotentMs).ToArray());
        idempotent.LegendText = "idempotent persist (ledger + record, 2 commits)";
        idempotent.LineWidth = 3;
        idempotent.MarkerSize = 10;
        var bare = plot.Add.Scatter(xs, points.Select(p => p.BareMs).ToArray());
        bare.LegendText = "bare INSERT (1 commit)";
        bare.LineWidth = 3;
        bare.MarkerSize = 10;
        plot.Axes.Bottom.SetTicks(xs, [.. points.Select(p => p.Rows.ToString("N0", CultureInfo.InvariantCulture) + " rows")]);
        plot.Axes.SetLimitsY(0, points.Max(p => Math.Max(p.IdempotentMs, p.BareMs)) * 1.25);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title("Persist time per record as the records table grows");
        plot.XLabel("rows already in records (log scale)");
        plot.YLabel("ms per record (lower is better)");
        return Save(plot, directory, "growth.png");
    }

    private static double? GoalThreshold(Figure figure)
    {
        // The goal text is "ratio >= x" for ratio goals; value goals are not drawn on a ratio chart.
        const string prefix = "ratio >= ";
        return figure.Goal.StartsWith(prefix, StringComparison.Ordinal)
            && double.TryParse(figure.Goal[prefix.Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;
    }

    private static string Short(Figure figure) => figure.Id switch
    {
        "2a" => "crypto 1 KiB",
        "2b" => "crypto 64 KiB",
        "3a" => "idempotent persist",
        "3b" => "batched persist",
        "3c" => "persist, retry path",
        "5" => "end to end",
        "7b" => "8 vs 1 Starters",
        _ => figure.Unit,
    };

    private static string Save(Plot plot, string directory, string file)
    {
        var path = Path.Combine(directory, file);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
