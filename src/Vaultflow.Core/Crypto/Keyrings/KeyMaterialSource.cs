namespace Vaultflow.Core.Crypto.Keyrings;

/// <summary>
/// Where a key the user holds comes from: base64 text in an environment variable, or base64 text in a
/// file (surrounding whitespace ignored). Set exactly one. Generate a key with <c>openssl rand -base64 32</c>.
/// </summary>
/// <param name="EnvironmentVariable">Name of the variable holding the base64 key.</param>
/// <param name="FilePath">Path of a file holding the base64 key (keep it mode 0600).</param>
public sealed record KeyMaterialSource(string? EnvironmentVariable = null, string? FilePath = null)
{
    public static KeyMaterialSource FromEnvironment(string variable) => new(EnvironmentVariable: variable);

    public static KeyMaterialSource FromFile(string path) => new(FilePath: path);

    public override string ToString() => EnvironmentVariable is not null
        ? $"environment variable {EnvironmentVariable}"
        : $"file {FilePath}";
}
