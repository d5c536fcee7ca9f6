using System.Text.Json;
using Vaultflow.Bench.Results;

namespace Vaultflow.Bench.Tests;

public class ResultsJsonTests
{
    private static readonly RunContext Run = new(2, () => null);

    private static IReadOnlyList<Figure> Sample() =>
    [
        FigureFactory.Measured(new FigureSpec("1", "kms", "calls", "cache off", false, Goal.ValueAtMost(10)), 10, 10_000, Run, "note"),
        FigureFactory.NotMeasured(new FigureSpec("5", "e2e", "msg/s", "fauxqs", true, Goal.RatioAtLeast(0.25)), Run, "not measured: no stack"),
    ];

    [Fact]
    public void Serialize_Figures_IsAnArrayWithTheDocumentedSnakeCaseFields()
    {
        using var document = JsonDocument.Parse(ResultsJson.Serialize(Sample()));

        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        var first = document.RootElement[0];
        foreach (var field in new[] { "name", "value", "baseline", "ratio", "unit", "goal", "meets_goal", "cores" })
        {
            Assert.True(first.TryGetProperty(field, out _), $"missing '{field}'");
        }

        Assert.Equal(1000, first.GetProperty("ratio").GetDouble());
        Assert.True(first.GetProperty("meets_goal").GetBoolean());
        Assert.Equal(2, first.GetProperty("cores").GetInt32());
    }

    [Fact]
    public void Serialize_NotMeasured_WritesNullValuesAndFalseGoal()
    {
        using var document = JsonDocument.Parse(ResultsJson.Serialize(Sample()));
        var second = document.RootElement[1];

        Assert.Equal(JsonValueKind.Null, second.GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("ratio").ValueKind);
        Assert.False(second.GetProperty("meets_goal").GetBoolean());
        Assert.Equal("not measured", second.GetProperty("status").GetString());
    }

    [Fact]
    public void Deserialize_Serialized_RoundTrips()
    {
        var figures = Sample();

        var back = ResultsJson.Deserialize(ResultsJson.Serialize(figures));

        Assert.Equal(figures, back);
    }

    [Fact]
    public void Render_Markdown_HasOneRowPerFigureAndMarksMisses()
    {
        var markdown = MarkdownReport.Render(Sample(), "# header");

        Assert.Contains("| 1 | kms | 10.0 calls | 10,000 (cache off) | 1,000 | <= 10 calls | yes |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 5 | e2e | - msg/s | - (fauxqs) | - | ratio >= 0.25 | not measured |", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 50, 5)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 95, 10)]
    [InlineData(new double[] { 7 }, 99, 7)]
    public void NearestRank_SortedSamples_ReturnsAnObservedValue(double[] sorted, double percentile, double expected)
    {
        Assert.Equal(expected, Percentiles.NearestRank(sorted, percentile));
    }
}
