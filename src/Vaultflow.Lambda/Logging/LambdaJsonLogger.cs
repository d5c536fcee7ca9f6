using Microsoft.Extensions.Logging;

namespace Vaultflow.Lambda.Logging;

internal sealed class LambdaJsonLogger(string category, LambdaJsonLoggerProvider provider) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => provider.Scopes.Push(state);

    public bool IsEnabled(LogLevel logLevel) =>
        logLevel != LogLevel.None && logLevel >= provider.Options.MinimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        var entry = new LambdaLogEntry(
            logLevel,
            category,
            formatter(state, exception),
            state as IEnumerable<KeyValuePair<string, object?>>,
            exception);
        provider.Writer.Write(entry, provider.Scopes);
    }
}
