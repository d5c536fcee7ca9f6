using Microsoft.Extensions.Logging;

namespace Vaultflow.Lambda.Logging;

/// <summary>Maps between Lambda's log level names (<c>AWS_LAMBDA_LOG_LEVEL</c>, the JSON "level") and <see cref="LogLevel"/>.</summary>
public static class LambdaLogLevels
{
    /// <summary>Parses TRACE/DEBUG/INFO/WARN/ERROR/FATAL (any case); anything else, or nothing, is INFO.</summary>
    public static LogLevel Parse(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "CRITICAL" => LogLevel.Critical,
        _ => LogLevel.Information,
    };

    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "FATAL",
        _ => "INFO",
    };
}
