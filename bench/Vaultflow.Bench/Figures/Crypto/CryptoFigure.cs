using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Vaultflow.Bench.Results;

namespace Vaultflow.Bench.Figures.Crypto;

/// <summary>Figure 2: runs <see cref="EnvelopeBenchmarks"/> in process (no generated project to build) with a short job.</summary>
internal static class CryptoFigure
{
    public static FigureSpec Spec(int size) => new(
        size == 1024 ? "2a" : "2b",
        $"Envelope encrypt+decrypt of a {size / 1024} KiB record vs raw AesGcm (BenchmarkDotNet)",
        "ops/s",
        "raw AesGcm, same buffers",
        HigherIsBetter: true,
        Goal.RatioAtLeast(0.7));

    public static IReadOnlyList<Figure> Run(bool quick, string artifacts, RunContext run, Action<string> log)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 1 : 3)
            .WithIterationCount(quick ? 3 : 8)
            .WithIterationTime(TimeInterval.FromMilliseconds(quick ? 100 : 250));
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .AddLogger(ConsoleLogger.Default)
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<EnvelopeBenchmarks>(config);

        var figures = new List<Figure>();
        foreach (var size in new[] { 1024, 65536 })
        {
            var raw = Find(summary, nameof(EnvelopeBenchmarks.RawAesGcm), size);
            var envelope = Find(summary, nameof(EnvelopeBenchmarks.Envelope), size);
            if (raw is null || envelope is null)
            {
                figures.Add(FigureFactory.NotMeasured(Spec(size), run, "BenchmarkDotNet produced no result for this size (see the console log)."));
                continue;
            }

            var newGcm = Find(summary, nameof(EnvelopeBenchmarks.RawNewAesGcmPerOp), size);
            var hkdf = Find(summary, nameof(EnvelopeBenchmarks.RawHkdfPerOp), size);
            var note = $"median per encrypt+decrypt: raw {Ns(raw)}, +new AesGcm {Ns(newGcm)}, +HKDF {Ns(hkdf)}, envelope {Ns(envelope)}; " +
                       $"allocated/op: raw {Bytes(raw)}, envelope {Bytes(envelope)}. Short job ({(quick ? "1+3" : "3+8")} iterations), in-process toolchain.";
            log($"  {size} B: {note}");
            figures.Add(FigureFactory.Measured(Spec(size), 1e9 / envelope.ResultStatistics!.Median, 1e9 / raw.ResultStatistics!.Median, run, note));
        }

        return figures;
    }

    private static BenchmarkReport? Find(Summary summary, string method, int size) =>
        summary.Reports.FirstOrDefault(r =>
            r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && Equals(r.BenchmarkCase.Parameters["Size"], size)
            && r.ResultStatistics is not null);

    private static string Ns(BenchmarkReport? report) =>
        report?.ResultStatistics is { } s ? (s.Median >= 10_000 ? $"{s.Median / 1000:0.0} us" : $"{s.Median:0} ns") : "?";

    private static string Bytes(BenchmarkReport report) =>
        report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) is { } b ? $"{b} B" : "?";
}
