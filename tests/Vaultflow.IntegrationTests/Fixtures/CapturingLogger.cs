using Microsoft.Extensions.Logging;

namespace Vaultflow.IntegrationTests.Fixtures;

/// <summary>An ILogger that keeps every entry with its structured values, for asserting on logs.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        lock (_entries)
        {
            _entries.Add(new Entry(logLevel, eventId.Id, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value)));
        }
    }

    public sealed record Entry(LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> Values);
}
