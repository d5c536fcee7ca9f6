using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto.Keyrings;

namespace Vaultflow.Handlers.Hosting;

/// <summary>Key material read through the same <see cref="IEnvironmentVariables"/> as every other setting.</summary>
internal sealed class EnvironmentKeyMaterial(IEnvironmentVariables environment) : IKeyMaterialEnvironment
{
    public string? GetEnvironmentVariable(string name) => environment.Get(name);

    public byte[]? ReadFile(string path) => File.Exists(path) ? File.ReadAllBytes(path) : null;
}
