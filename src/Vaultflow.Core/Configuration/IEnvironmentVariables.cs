namespace Vaultflow.Core.Configuration;

/// <summary>Read access to environment variables; tests pass a dictionary instead of mutating the process.</summary>
public interface IEnvironmentVariables
{
    string? Get(string name);
}

/// <summary>The process environment.</summary>
public sealed class ProcessEnvironmentVariables : IEnvironmentVariables
{
    public static ProcessEnvironmentVariables Instance { get; } = new();

    public string? Get(string name) => Environment.GetEnvironmentVariable(name);
}

/// <summary>A fixed set of variables (tests, and the CLI's .vaultflow/local.json overlay).</summary>
public sealed class DictionaryEnvironmentVariables(IReadOnlyDictionary<string, string> values) : IEnvironmentVariables
{
    public string? Get(string name) => values.TryGetValue(name, out var value) ? value : null;
}
