namespace Vaultflow.Core.Crypto.Keyrings;

/// <summary>Configuration of a <see cref="RawAesKeyring"/>.</summary>
/// <param name="Name">The key's name; the key id written into ciphertexts is <c>raw-aes:&lt;Name&gt;</c>.</param>
/// <param name="Key">Where the base64 256-bit wrapping key is (environment variable or file).</param>
public sealed record RawAesKeyringOptions(string Name, KeyMaterialSource Key)
{
    /// <summary>The conventional environment variable for the raw wrapping key.</summary>
    public const string DefaultEnvironmentVariable = "VAULTFLOW_RAW_AES_KEY";
}
