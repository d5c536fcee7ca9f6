using Microsoft.Extensions.Logging;

namespace Vaultflow.Cli.Commands.Support;

/// <summary>Library log lines at or above a level, one per line on stderr ("warn: ..."), for the operator to see.</summary>
internal sealed class StderrLoggerProvider(TextWriter error, LogLevel minimum) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(error, minimum);

    public void Dispose()
    {
    }

    private sealed class Logger(TextWriter error, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var label = logLevel switch { LogLevel.Warning => "warn", LogLevel.Error => "error", LogLevel.Critical => "crit", _ => "info" };
                error.WriteLine($"{label}: {formatter(state, exception)}");
            }
        }
    }
}
