using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaultflow.Bench.Results;

/// <summary>latest.json: a JSON array of figures with snake_case names (value, baseline, ratio, unit, goal, meets_goal, cores...).</summary>
public static class ResultsJson
{
    public static string Serialize(IReadOnlyList<Figure> figures) =>
        JsonSerializer.Serialize(figures, ResultsJsonContext.Default.IReadOnlyListFigure);

    public static IReadOnlyList<Figure> Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ResultsJsonContext.Default.IReadOnlyListFigure)
        ?? throw new JsonException("latest.json holds null instead of an array of figures.");
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(IReadOnlyList<Figure>))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;
