using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vaultflow.Lambda.Logging;
using Vaultflow.Lambda.Tests.Fakes;

namespace Vaultflow.Lambda.Tests.Logging;

public sealed class LambdaJsonLoggerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Log_InsideInvocation_WritesOneJsonLineWithRequestId()
    {
        using var output = new MemoryStream();
        using var provider = Provider(output, LogLevel.Information);
        var logger = provider.CreateLogger("Test");

        using (provider.BeginInvocation("req-42"))
        {
            logger.LogInformation("Started {Execution} for {Count} records", "exec-1", 3);
        }

        var root = SingleLine(output);
        Assert.Equal("2026-11-24T12:00:00.123Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("INFO", root.GetProperty("level").GetString());
        Assert.Equal("Started exec-1 for 3 records", root.GetProperty("message").GetString());
        Assert.Equal("req-42", root.GetProperty("requestId").GetString());
        Assert.Equal("exec-1", root.GetProperty("Execution").GetString());
        Assert.Equal(3, root.GetProperty("Count").GetInt32());
        Assert.False(root.TryGetProperty("{OriginalFormat}", out _));
    }

    [Fact]
    public void Log_WithScopeFields_AddsThemToTheLine()
    {
        using var output = new MemoryStream();
        using var provider = Provider(output, LogLevel.Information);
        var logger = provider.CreateLogger("Test");

        using (provider.BeginInvocation("req-1"))
        using (logger.BeginScope(new Dictionary<string, object?> { ["messageId"] = "m-1", ["idempotencyKey"] = "k-1" }))
        {
            logger.LogWarning("Duplicate");
        }

        var root = SingleLine(output);
        Assert.Equal("WARN", root.GetProperty("level").GetString());
        Assert.Equal("m-1", root.GetProperty("messageId").GetString());
        Assert.Equal("k-1", root.GetProperty("idempotencyKey").GetString());
    }

    [Fact]
    public void Log_WithException_WritesErrorFields()
    {
        using var output = new MemoryStream();
        using var provider = Provider(output, LogLevel.Information);

        provider.CreateLogger("Test").LogError(new InvalidOperationException("broken"), "Step failed");

        var root = SingleLine(output);
        Assert.Equal("ERROR", root.GetProperty("level").GetString());
        Assert.Equal(nameof(InvalidOperationException), root.GetProperty("errorType").GetString());
        Assert.Equal("broken", root.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("stackTrace").ValueKind);
    }

    [Fact]
    public void Log_MessageWithAngleBrackets_StaysReadableInTheRawLine()
    {
        using var output = new MemoryStream();
        using var provider = Provider(output, LogLevel.Information);

        provider.CreateLogger("Test").LogInformation("at <Main>b__0 + 0x1f");

        Assert.Contains("at <Main>b__0 + 0x1f", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_BelowMinimumLevel_WritesNothing()
    {
        using var output = new MemoryStream();
        using var provider = Provider(output, LogLevel.Warning);

        provider.CreateLogger("Test").LogInformation("quiet");

        Assert.Equal(0, output.Length);
    }

    [Theory]
    [InlineData("DEBUG", LogLevel.Debug)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("FATAL", LogLevel.Critical)]
    [InlineData(null, LogLevel.Information)]
    [InlineData("nonsense", LogLevel.Information)]
    public void Parse_LambdaLevelName_MapsToLogLevel(string? name, LogLevel expected)
    {
        Assert.Equal(expected, LambdaLogLevels.Parse(name));
    }

    private static LambdaJsonLoggerProvider Provider(Stream output, LogLevel level) =>
        new(new LambdaJsonLoggerOptions(output, level, new ManualClock(Now)));

    private static JsonElement SingleLine(MemoryStream output)
    {
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        return JsonDocument.Parse(line).RootElement.Clone();
    }
}
