using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Vaultflow.Bench.ColdStart;

// Usage: dotnet run -c Release --project bench/ColdStart [-- --runs N --aot PATH]
// Needs the AOT binary first: scripts/publish --arch x64 (sample bootstrap).
var metadata = typeof(ColdStartRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);
var root = metadata["RepoRoot"];
var runs = 10;
var aotPath = Path.Combine(root, "artifacts/publish/vaultflow-lambda-sample-functions-linux-x64/bootstrap");
var output = Path.Combine(root, "bench/results/coldstart.json");
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--aot": aotPath = Path.GetFullPath(args[i + 1]); break;
        case "--out": output = Path.GetFullPath(args[i + 1]); break;
        default: throw new ArgumentException($"Unknown argument {args[i]}; use --runs N, --aot PATH, --out PATH.");
    }
}

if (!File.Exists(aotPath))
{
    await Console.Error.WriteLineAsync($"No AOT bootstrap at {aotPath}. Run scripts/publish --arch x64 first (or pass --aot PATH).");
    return 1;
}

var jit = new Variant("jit", "dotnet", metadata["JitDll"]);
var aot = new Variant("aot", aotPath, null);

// One discarded run each warms the page cache, so both variants start from the same disk state.
await ColdStartRunner.FirstResponseMsAsync(aot);
await ColdStartRunner.FirstResponseMsAsync(jit);

var times = new Dictionary<string, List<double>> { ["aot"] = [], ["jit"] = [] };
for (var run = 0; run < runs; run++)
{
    // Alternate so machine noise spreads over both variants evenly.
    times["aot"].Add(await ColdStartRunner.FirstResponseMsAsync(aot));
    times["jit"].Add(await ColdStartRunner.FirstResponseMsAsync(jit));
}

var rss = new Dictionary<string, long>
{
    ["aot"] = await ColdStartRunner.PeakRssKibAfterBatchAsync(aot),
    ["jit"] = await ColdStartRunner.PeakRssKibAfterBatchAsync(jit),
};

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

var ratio = Median(times["jit"]) / Median(times["aot"]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold start, spawn -> first response, {runs} runs each (median / min / max ms):"));
foreach (var (name, values) in times)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {Median(values):F1} / {values.Min():F1} / {values.Max():F1}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio jit/aot (median): {ratio:F2}x"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS (VmHWM) after a 10-record SQS batch: aot {rss["aot"] / 1024.0:F1} MiB, jit {rss["jit"] / 1024.0:F1} MiB ({(double)rss["jit"] / rss["aot"]:F2}x)"));

Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await using (var file = File.Create(output))
await using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
{
    json.WriteStartObject();
    json.WriteString("measuredAtUtc", DateTimeOffset.UtcNow);
    json.WriteString("machine", $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
    json.WriteNumber("runs", runs);
    json.WriteString("metric", "ms from process spawn to the first /response POST received by a local Runtime API (Echo)");
    foreach (var (name, values) in times)
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
        json.WriteNumber("peakRssKibAfter10RecordBatch", rss[name]);
        json.WriteEndObject();
    }

    json.WriteNumber("ratioJitOverAotMedian", Math.Round(ratio, 2));
    json.WriteNumber("ratioJitOverAotPeakRss", Math.Round((double)rss["jit"] / rss["aot"], 2));
    json.WriteEndObject();
}

Console.WriteLine($"wrote {output}");
return 0;
