using Vaultflow.Core.Configuration;

namespace Vaultflow.Core.Crypto.Keyrings;

/// <summary>Key material read through the same <see cref="IEnvironmentVariables"/> as every other setting, and from files.</summary>
public sealed class VariablesKeyMaterialEnvironment(IEnvironmentVariables variables) : IKeyMaterialEnvironment
{
    public string? GetEnvironmentVariable(string name) => variables.Get(name);

    public byte[]? ReadFile(string path) => File.Exists(path) ? File.ReadAllBytes(path) : null;
}
