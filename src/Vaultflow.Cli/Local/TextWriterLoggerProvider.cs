using Microsoft.Extensions.Logging;

namespace Vaultflow.Cli.Local;

/// <summary>The stack's own log lines ("info: sqs: ...") on a writer (stderr), so stdout keeps the ready line and function logs.</summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message, Exception? exception)
    {
        var prefix = level switch
        {
            LogLevel.Warning => "warn",
            LogLevel.Error or LogLevel.Critical => "fail",
            LogLevel.Information => "info",
            _ => "dbug",
        };
        lock (_gate)
        {
            writer.WriteLine(exception is null ? $"{prefix}: {message}" : $"{prefix}: {message} ({exception.GetType().Name}: {exception.Message})");
            writer.Flush();
        }
    }

    private sealed class Logger(TextWriterLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }
}
