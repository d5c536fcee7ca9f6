using Vaultflow.Core.Crypto.Keyrings;

namespace Vaultflow.Core.Tests.Crypto.Fakes;

/// <summary>In-memory environment variables and files; never touches the process or the disk.</summary>
internal sealed class FakeKeyMaterialEnvironment : IKeyMaterialEnvironment
{
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Unreadable { get; } = new(StringComparer.Ordinal);

    public string? GetEnvironmentVariable(string name) => Variables.TryGetValue(name, out var value) ? value : null;

    public byte[]? ReadFile(string path)
    {
        if (Unreadable.Contains(path))
        {
            throw new UnauthorizedAccessException("Access to the path is denied.");
        }

        return Files.TryGetValue(path, out var bytes) ? (byte[])bytes.Clone() : null;
    }
}
