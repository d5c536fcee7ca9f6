using System.Diagnostics;
using System.Globalization;
using Vaultflow.Bench.Charts;
using Vaultflow.Bench.Figures;
using Vaultflow.Bench.Figures.ColdStart;
using Vaultflow.Bench.Figures.Crypto;
using Vaultflow.Bench.Figures.EndToEnd;
using Vaultflow.Bench.Figures.Growth;
using Vaultflow.Bench.Figures.Persist;
using Vaultflow.Bench.Results;
using Vaultflow.Bench.Support;

namespace Vaultflow.Bench;

/// <summary>Runs the selected figure groups in a fixed order, then writes latest.json, latest.md and the charts.</summary>
internal static class BenchRunner
{
    /// <summary>The whole run must fit 15 minutes on 2 cores; growth gets what the others leave.</summary>
    private static readonly TimeSpan FullBudget = TimeSpan.FromMinutes(13);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var run = RunContext.Current();
        var total = Stopwatch.StartNew();
        var startLoad = run.Load();
        Directory.CreateDirectory(options.ResultsDirectory);
        var figures = new List<Figure>();
        IReadOnlyDictionary<string, double>? persistMs = null;
        IReadOnlyList<GrowthPoint> growth = [];
        EndToEndLatencies? endToEnd = null;

        if (options.Runs("kms"))
        {
            Step("1: KMS calls, data-key cache on vs off (local KMS over HTTP, real SDK client)");
            figures.AddRange(await KmsCacheFigure.RunAsync(options.Quick ? 1_000 : 10_000, run, Log));
        }

        if (options.Runs("crypto"))
        {
            Step("2: envelope encrypt+decrypt vs raw AesGcm (BenchmarkDotNet, short in-process job)");
            var artifacts = Path.Combine(Path.GetTempPath(), "vaultflow-bench-bdn");
            figures.AddRange(CryptoFigure.Run(options.Quick, artifacts, run, Log));
            CopyBenchmarkDotNetReport(artifacts, options.ResultsDirectory);
        }

        if (options.Runs("persist"))
        {
            Step("3: idempotent and batched persist vs bare INSERT (fresh database)");
            var (persist, ms) = await PersistFigure.RunAsync(options.RepoRoot, options.Quick, run, Log);
            figures.AddRange(persist);
            persistMs = ms;
        }

        if (options.Runs("coldstart"))
        {
            Step("6: cold start (from bench/results/coldstart.json)");
            figures.AddRange(ColdStartFigure.Read(Path.Combine(options.ResultsDirectory, "coldstart.json"), run));
        }

        if (options.Runs("e2e"))
        {
            Step("4, 5, 7b: Starter, end to end, concurrency (local stack)");
            var (e2e, latencies, _) = await EndToEndFigure.RunAsync(options.LocalStateDirectory, options.RepoRoot, options.StarterFunction, options.Quick, run, Log);
            figures.AddRange(e2e);
            endToEnd = latencies;
        }

        if (options.Runs("growth"))
        {
            var budget = options.Quick ? TimeSpan.FromMinutes(1.5) : FullBudget - total.Elapsed;
            Step($"7a: persist time as the records table grows (budget {budget.TotalMinutes:0.0} min)");
            var (figure, points) = await GrowthFigure.RunAsync(options.RepoRoot, options.Quick, budget, run, Log);
            figures.Add(figure);
            growth = points;
        }

        var jsonPath = Path.Combine(options.ResultsDirectory, "latest.json");
        var all = Merge(options, jsonPath, figures);
        await File.WriteAllTextAsync(jsonPath, ResultsJson.Serialize(all) + "\n");
        var mode = figures.Count == 0 ? "re-rendered from latest.json, no figure measured now" : options.Quick ? "quick smoke run" : "full run";
        var header = string.Join(
            "\n",
            string.Create(CultureInfo.InvariantCulture, $"# Benchmark results ({mode}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC)"),
            string.Empty,
            string.Create(CultureInfo.InvariantCulture, $"{run.Cores} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average (1/5/15 min) at start {startLoad ?? "?"}, at end {run.Load() ?? "?"}; {total.Elapsed.TotalMinutes:0.0} min.")
            + " Shared machine: every ratio is against a baseline measured in the same run; the load column is the load when that figure was taken."
            + " Ratio reads \"times as good as the baseline\" (value/baseline for throughput, baseline/value for time, calls, memory).");
        await File.WriteAllTextAsync(Path.Combine(options.ResultsDirectory, "latest.md"), MarkdownReport.Render(all, header));

        Step("charts");
        var chartDataPath = Path.Combine(options.ResultsDirectory, "chart-data.json");
        var previous = ChartData.Load(chartDataPath);
        var data = new ChartData
        {
            PersistMs = persistMs is null ? previous.PersistMs : new Dictionary<string, double>(persistMs),
            EndToEnd = options.Runs("e2e") && !options.Only.Contains("report") ? endToEnd : previous.EndToEnd,
            Growth = growth.Count > 0 ? [.. growth] : previous.Growth,
        };
        data.Save(chartDataPath);
        foreach (var chart in new[]
                 {
                     ChartWriter.Throughput(all, options.ResultsDirectory),
                     ChartWriter.Latency(data.PersistMs, data.EndToEnd, options.ResultsDirectory),
                     ChartWriter.Growth(data.Growth ?? [], options.ResultsDirectory),
                 })
        {
            if (chart is not null)
            {
                Log("  " + chart);
            }
        }

        Console.WriteLine();
        Console.WriteLine(MarkdownReport.Render(all, $"Done in {total.Elapsed.TotalMinutes:0.0} min; {jsonPath}"));
        return 0;
    }

    /// <summary>With --only, figures of groups not run this time are kept from the previous latest.json.</summary>
    private static List<Figure> Merge(BenchOptions options, string jsonPath, List<Figure> measured)
    {
        var all = new List<Figure>(measured);
        if (options.Only.Count > 0 && File.Exists(jsonPath))
        {
            var ids = measured.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            all.AddRange(ResultsJson.Deserialize(File.ReadAllText(jsonPath)).Where(f => !ids.Contains(f.Id)));
        }

        return [.. all.OrderBy(f => int.Parse(new string([.. f.Id.TakeWhile(char.IsDigit)]), CultureInfo.InvariantCulture)).ThenBy(f => f.Id, StringComparer.Ordinal)];
    }

    private static void CopyBenchmarkDotNetReport(string artifacts, string results)
    {
        var report = Directory.Exists(artifacts)
            ? Directory.EnumerateFiles(artifacts, "*EnvelopeBenchmarks-report-github.md", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (report is not null)
        {
            File.Copy(report, Path.Combine(results, "crypto-benchmarkdotnet.md"), overwrite: true);
        }
    }

    private static void Step(string title) => Console.WriteLine($"== {title}");

    private static void Log(string line) => Console.WriteLine(line);
}
