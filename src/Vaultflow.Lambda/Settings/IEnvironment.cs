namespace Vaultflow.Lambda.Settings;

/// <summary>Process environment access, behind an interface so tests fake it instead of mutating the real one.</summary>
public interface IEnvironment
{
    string? GetVariable(string name);

    /// <summary>Sets (or, with <see langword="null"/>, removes) a variable.</summary>
    void SetVariable(string name, string? value);
}
