namespace Vaultflow.Core.Crypto.Keyrings;

/// <summary>The real process environment and file system.</summary>
public sealed class SystemKeyMaterialEnvironment : IKeyMaterialEnvironment
{
    public static SystemKeyMaterialEnvironment Instance { get; } = new();

    public string? GetEnvironmentVariable(string name) => Environment.GetEnvironmentVariable(name);

    public byte[]? ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
