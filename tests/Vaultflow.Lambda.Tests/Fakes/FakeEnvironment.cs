using System.Collections.Concurrent;
using Vaultflow.Lambda.Settings;

namespace Vaultflow.Lambda.Tests.Fakes;

internal sealed class FakeEnvironment(IEnumerable<KeyValuePair<string, string>>? initial = null) : IEnvironment
{
    private readonly ConcurrentDictionary<string, string> _values = new(initial ?? [], StringComparer.Ordinal);

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
