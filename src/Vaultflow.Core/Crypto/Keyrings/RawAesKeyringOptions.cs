namespace Vaultflow.Core.Crypto.Keyrings;

/// <summary>Configuration of a <see cref="RawAesKeyring"/>.</summary>
/// <param name="Name">The key's name; the key id written into ciphertexts is <c>raw-aes:&lt;Name&gt;</c>.</param>
/// <param name="Key">
/// Where the base64 256-bit wrapping key is (environment variable or file); the functions read it from
/// <see cref="Vaultflow.Core.Configuration.SettingNames.RawKey"/> or <see cref="Vaultflow.Core.Configuration.SettingNames.RawKeyFile"/>.
/// </param>
public sealed record RawAesKeyringOptions(string Name, KeyMaterialSource Key);
