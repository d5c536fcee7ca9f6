using System.Text.Json;
using Vaultflow.Bench.Results;

namespace Vaultflow.Bench.Figures.ColdStart;

/// <summary>Figure 6: reads bench/results/coldstart.json, written by bench/ColdStart (the handlers' AOT bootstrap vs its JIT build, Starter).</summary>
internal static class ColdStartFigure
{
    public static readonly FigureSpec SpeedUp = new(
        "6a", "Cold start of the handlers (Starter), spawn -> first response: AOT bootstrap vs JIT build (median)", "ms", "JIT build", HigherIsBetter: false, Goal.RatioAtLeast(5));

    public static readonly FigureSpec AotTime = new(
        "6b", "Cold start of the AOT bootstrap (median)", "ms", "JIT build", HigherIsBetter: false, Goal.ValueAtMost(30));

    public static readonly FigureSpec Rss = new(
        "6c", "Peak RSS of the AOT bootstrap after a 10-record SQS batch (Starter)", "MiB", "JIT build", HigherIsBetter: false, Goal.ValueAtMost(40));

    public static IReadOnlyList<Figure> Read(string path, RunContext run)
    {
        if (!File.Exists(path))
        {
            const string missing = "no bench/results/coldstart.json: run scripts/bench --rerun-coldstart (needs scripts/publish --arch x64 of the handlers).";
            return [FigureFactory.NotMeasured(SpeedUp, run, missing), FigureFactory.NotMeasured(AotTime, run, missing), FigureFactory.NotMeasured(Rss, run, missing)];
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var aot = root.GetProperty("aot");
        var jit = root.GetProperty("jit");
        var aotMs = aot.GetProperty("medianMs").GetDouble();
        var jitMs = jit.GetProperty("medianMs").GetDouble();
        var aotRss = aot.GetProperty("peakRssKibAfter10RecordBatch").GetDouble() / 1024;
        var jitRss = jit.GetProperty("peakRssKibAfter10RecordBatch").GetDouble() / 1024;
        var note = $"From bench/ColdStart ({root.GetProperty("runs").GetInt32()} runs each, measured {root.GetProperty("measuredAtUtc").GetString()}, {root.GetProperty("machine").GetString()}); " +
                   "its own load, not this run's. The handlers' Starter: local process start to first answer (StartExecution to a local stub); Lambda's Init adds sandbox start-up for both.";
        return
        [
            FigureFactory.Measured(SpeedUp, aotMs, jitMs, run, note),
            FigureFactory.Measured(AotTime, aotMs, jitMs, run, note),
            FigureFactory.Measured(Rss, aotRss, jitRss, run, note),
        ];
    }
}
