using System.Text.Json;
using System.Text.Json.Serialization;
using Vaultflow.Bench.Figures.EndToEnd;
using Vaultflow.Bench.Figures.Growth;

namespace Vaultflow.Bench.Charts;

/// <summary>
/// The series behind latency.png and growth.png, kept next to latest.json (chart-data.json) so a
/// partial run (--only) or `--only report` redraws every chart from the last measured data.
/// </summary>
internal sealed record ChartData
{
    public Dictionary<string, double>? PersistMs { get; init; }

    public EndToEndLatencies? EndToEnd { get; init; }

    public List<GrowthPoint>? Growth { get; init; }

    public static ChartData Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), ChartDataJsonContext.Default.ChartData) ?? new ChartData() : new ChartData();

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, ChartDataJsonContext.Default.ChartData) + "\n");
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ChartData))]
internal sealed partial class ChartDataJsonContext : JsonSerializerContext;
