using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto.Keyrings;

namespace Vaultflow.Core.Crypto;

/// <summary>
/// The fixed choices every reader and writer of records shares (the functions and the CLI), so a
/// record written by one decrypts in the other.
/// </summary>
public static class RecordEncryption
{
    /// <summary>The encryption-context purpose of record data keys (fixed, so data keys can be cached).</summary>
    public const string Purpose = "record";

    /// <summary>The raw AES keyring's name (ciphertexts name their key <c>raw-aes:vaultflow</c>).</summary>
    public const string RawKeyName = "vaultflow";

    /// <summary>The KMS encryption context of record data keys for <paramref name="application"/>.</summary>
    public static EncryptionContext Context(string application) => EncryptionContext.ForApplication(application, Purpose);

    /// <summary>The raw AES keyring named by VAULTFLOW_RAW_KEY or VAULTFLOW_RAW_KEY_FILE.</summary>
    public static RawAesKeyring LoadRawKeyring(VaultflowSettings settings, IKeyMaterialEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var source = settings.RawKey is not null
            ? KeyMaterialSource.FromEnvironment(SettingNames.RawKey)
            : KeyMaterialSource.FromFile(settings.RawKeyFile
                ?? throw new Errors.ConfigurationException(SettingNames.RawKey, $"No key configured: set {SettingNames.KmsKeyId}, {SettingNames.RawKey} or {SettingNames.RawKeyFile}."));
        return RawAesKeyring.Load(new RawAesKeyringOptions(RawKeyName, source), environment);
    }
}
