using System.Text;
using System.Text.Json;
using Vaultflow.Lambda.Metrics;

namespace Vaultflow.Lambda.Tests.Metrics;

public sealed class EmfMetricsCollectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Flush_Counters_WritesOneEmfLine()
    {
        var collector = new EmfMetricsCollector(new EmfMetricsOptions("Vaultflow", [new("FunctionName", "Starter")]));
        collector.Increment("Started");
        collector.Increment("Started", 2);
        collector.Increment("Duplicates");
        using var output = new MemoryStream();

        Assert.True(collector.Flush(output, Now));

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var aws = root.GetProperty("_aws");
        Assert.Equal(Now.ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray().ToArray());
        Assert.Equal("Vaultflow", directive.GetProperty("Namespace").GetString());
        Assert.Equal("[[\"FunctionName\"]]", directive.GetProperty("Dimensions").GetRawText());
        Assert.Equal(
            "Duplicates,Started",
            string.Join(",", directive.GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString())));
        Assert.All(directive.GetProperty("Metrics").EnumerateArray(), m => Assert.Equal("Count", m.GetProperty("Unit").GetString()));
        Assert.Equal("Starter", root.GetProperty("FunctionName").GetString());
        Assert.Equal(3, root.GetProperty("Started").GetInt64());
        Assert.Equal(1, root.GetProperty("Duplicates").GetInt64());
    }

    [Fact]
    public void Flush_NoCounters_WritesNothing()
    {
        var collector = new EmfMetricsCollector(new EmfMetricsOptions("Vaultflow", []));
        using var output = new MemoryStream();

        Assert.False(collector.Flush(output, Now));
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void Flush_Twice_SecondFlushStartsFromZero()
    {
        var collector = new EmfMetricsCollector(new EmfMetricsOptions("Vaultflow", []));
        collector.Increment("A");
        using var first = new MemoryStream();
        collector.Flush(first, Now);
        collector.Increment("B");
        using var second = new MemoryStream();

        collector.Flush(second, Now);

        using var document = JsonDocument.Parse(second.ToArray());
        Assert.False(document.RootElement.TryGetProperty("A", out _));
        Assert.Equal(1, document.RootElement.GetProperty("B").GetInt64());
    }
}
