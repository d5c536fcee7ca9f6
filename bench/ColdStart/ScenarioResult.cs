using System.Globalization;
using System.Text.Json;

namespace Vaultflow.Bench.ColdStart;

/// <summary>One row's measurements: spawn -> first reply per run, and peak RSS after the batch (when measured).</summary>
internal sealed record ScenarioResult(Scenario Scenario, List<double> AotMs, List<double> JitMs, long? AotRssKib, long? JitRssKib)
{
    public double Ratio => Median(JitMs) / Median(AotMs);

    public void Print()
    {
        Console.WriteLine($"{Scenario.Key}: {Scenario.Description}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  spawn -> first reply, {AotMs.Count} runs each (median / min / max ms):"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    aot: {Median(AotMs):F1} / {AotMs.Min():F1} / {AotMs.Max():F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    jit: {Median(JitMs):F1} / {JitMs.Min():F1} / {JitMs.Max():F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    ratio jit/aot (median): {Ratio:F2}x"));
        if (AotRssKib is { } aot && JitRssKib is { } jit)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak RSS (VmHWM) after a 10-record SQS batch ({Scenario.BatchHandler}): aot {aot / 1024.0:F1} MiB, jit {jit / 1024.0:F1} MiB ({(double)jit / aot:F2}x)"));
        }
    }

    public void WriteVariants(Utf8JsonWriter json)
    {
        Write(json, "aot", AotMs, AotRssKib);
        Write(json, "jit", JitMs, JitRssKib);
        json.WriteNumber("ratioJitOverAotMedian", Math.Round(Ratio, 2));
        if (AotRssKib is { } aot && JitRssKib is { } jit)
        {
            json.WriteNumber("ratioJitOverAotPeakRss", Math.Round((double)jit / aot, 2));
        }
    }

    private static void Write(Utf8JsonWriter json, string name, List<double> values, long? rssKib)
    {
        json.WriteStartObject(name);
        json.WriteNumber("medianMs", Math.Round(Median(values), 2));
        json.WriteNumber("minMs", Math.Round(values.Min(), 2));
        json.WriteNumber("maxMs", Math.Round(values.Max(), 2));
        json.WriteStartArray("runsMs");
        foreach (var value in values)
        {
            json.WriteNumberValue(Math.Round(value, 2));
        }

        json.WriteEndArray();
        if (rssKib is { } rss)
        {
            json.WriteNumber("peakRssKibAfter10RecordBatch", rss);
        }

        json.WriteEndObject();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
