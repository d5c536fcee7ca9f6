using System.Collections.Concurrent;
using Vaultflow.Lambda.Environment;

namespace Vaultflow.Cli.Local;

/// <summary>The hosting layer's view of the environment, for functions that read <see cref="IEnvironment"/>: the stack's settings.</summary>
internal sealed class StackEnvironment(IReadOnlyDictionary<string, string> settings) : IEnvironment
{
    private readonly ConcurrentDictionary<string, string> _values = new(settings, StringComparer.Ordinal);

    public string? GetVariable(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public void SetVariable(string name, string? value)
    {
        if (value is null)
        {
            _values.TryRemove(name, out _);
        }
        else
        {
            _values[name] = value;
        }
    }
}
