using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Vaultflow.Bench.ColdStart;
using Vaultflow.Lambda.Tests.Process;

// Usage: dotnet run -c Release --project bench/ColdStart [-- --runs N --aot PATH --sample-aot PATH --out PATH]
// Needs the handlers' AOT binary first: scripts/publish --arch x64. The sample functions' row (the
// runtime alone) runs only when its AOT binary is there too (scripts/publish --arch x64 --project
// tests/Vaultflow.Lambda.SampleFunctions/Vaultflow.Lambda.SampleFunctions.csproj).
var metadata = typeof(ColdStartRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);
var root = metadata["RepoRoot"];
var runs = 10;
var aotPath = Path.Combine(root, "artifacts/publish/vaultflow-handlers-linux-x64/bootstrap");
var sampleAotPath = Path.Combine(root, "artifacts/publish/vaultflow-lambda-sample-functions-linux-x64/bootstrap");
var output = Path.Combine(root, "bench/results/coldstart.json");
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--aot": aotPath = Path.GetFullPath(args[i + 1]); break;
        case "--sample-aot": sampleAotPath = Path.GetFullPath(args[i + 1]); break;
        case "--out": output = Path.GetFullPath(args[i + 1]); break;
        default: throw new ArgumentException($"Unknown argument {args[i]}; use --runs N, --aot PATH, --sample-aot PATH, --out PATH.");
    }
}

if (!File.Exists(aotPath))
{
    await Console.Error.WriteLineAsync($"No AOT handlers bootstrap at {aotPath}. Run scripts/publish --arch x64 first (or pass --aot PATH).");
    return 1;
}

await using var stepFunctions = await StepFunctionsStub.StartAsync();
var scenarios = Scenarios.For(aotPath, metadata["HandlersJitDll"], sampleAotPath, metadata["SampleJitDll"], stepFunctions.Endpoint);
if (!File.Exists(sampleAotPath))
{
    Console.WriteLine($"no sample AOT bootstrap at {sampleAotPath}: the sample row is skipped");
}

var results = new List<ScenarioResult>();
foreach (var scenario in scenarios)
{
    // One discarded run each warms the page cache, so both variants start from the same disk state.
    await ColdStartRunner.FirstReplyMsAsync(scenario, scenario.Aot);
    await ColdStartRunner.FirstReplyMsAsync(scenario, scenario.Jit);
    var aotMs = new List<double>();
    var jitMs = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        // Alternate so machine noise spreads over both variants evenly.
        aotMs.Add(await ColdStartRunner.FirstReplyMsAsync(scenario, scenario.Aot));
        jitMs.Add(await ColdStartRunner.FirstReplyMsAsync(scenario, scenario.Jit));
    }

    long? aotRss = scenario.Batch is null ? null : await ColdStartRunner.PeakRssKibAfterBatchAsync(scenario, scenario.Aot);
    long? jitRss = scenario.Batch is null ? null : await ColdStartRunner.PeakRssKibAfterBatchAsync(scenario, scenario.Jit);
    var result = new ScenarioResult(scenario, aotMs, jitMs, aotRss, jitRss);
    results.Add(result);
    result.Print();
}

Console.WriteLine($"StartExecution calls answered by the local stub: {stepFunctions.Started}");
var loadAverage = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
Console.WriteLine($"load average after the runs: {loadAverage}");

Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await using (var file = File.Create(output))
await using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
{
    json.WriteStartObject();
    json.WriteString("measuredAtUtc", DateTimeOffset.UtcNow);
    json.WriteString("machine", $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
    json.WriteString("loadAverageAfter", loadAverage);
    json.WriteNumber("runs", runs);
    json.WriteString("metric", "ms from process spawn to the first reply (/response or /error POST) received by a local Runtime API");

    // The top-level aot/jit pair is the handlers' Starter: figure 6 reads it.
    var primary = results[0];
    json.WriteString("bootstrap", primary.Scenario.Description);
    primary.WriteVariants(json);
    json.WriteStartArray("rows");
    foreach (var result in results)
    {
        json.WriteStartObject();
        json.WriteString("key", result.Scenario.Key);
        json.WriteString("description", result.Scenario.Description);
        result.WriteVariants(json);
        json.WriteEndObject();
    }

    json.WriteEndArray();
    json.WriteEndObject();
}

Console.WriteLine($"wrote {output}");
return 0;
