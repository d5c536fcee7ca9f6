using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto.Keyrings;

namespace Vaultflow.Cli.Configuration;

/// <summary>Key material from the resolved stack's variables (local.json over the environment) and from files.</summary>
internal sealed class KeyMaterialEnvironment(IEnvironmentVariables variables) : IKeyMaterialEnvironment
{
    public string? GetEnvironmentVariable(string name) => variables.Get(name);

    public byte[]? ReadFile(string path) => File.Exists(path) ? File.ReadAllBytes(path) : null;
}
