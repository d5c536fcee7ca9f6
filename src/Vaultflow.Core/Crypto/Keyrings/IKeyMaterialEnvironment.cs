namespace Vaultflow.Core.Crypto.Keyrings;

/// <summary>
/// The two places key material is read from: environment variables and files. Behind an interface so
/// tests fake it instead of mutating the process environment or touching the disk.
/// </summary>
public interface IKeyMaterialEnvironment
{
    /// <summary>The variable's value, or null when it is not set.</summary>
    string? GetEnvironmentVariable(string name);

    /// <summary>The file's bytes, or null when it does not exist.</summary>
    /// <exception cref="UnauthorizedAccessException">The process may not read the file.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    byte[]? ReadFile(string path);
}
