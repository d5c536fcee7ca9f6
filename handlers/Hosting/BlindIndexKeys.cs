using Microsoft.Extensions.Logging;
using Vaultflow.Aws.Secrets;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.Keyrings;

namespace Vaultflow.Handlers.Hosting;

/// <summary>
/// The blind-index key of the functions that compute or search the index (Encrypt, GetRecord): on Lambda
/// from the Secrets Manager secret named by VAULTFLOW_BLIND_INDEX_KEY_SECRET_ID, read once through the
/// Parameters and Secrets extension; locally from VAULTFLOW_BLIND_INDEX_KEY. Never refreshed while the
/// sandbox lives: indexes written under one key are only found with that key.
/// </summary>
public static class BlindIndexKeys
{
    /// <summary>True when <paramref name="functionName"/> computes or searches blind indexes.</summary>
    public static bool NeededBy(string functionName) => FunctionRequirements.For(functionName).Contains(SettingNames.BlindIndexKey);

    /// <summary>Reads the key from wherever <paramref name="settings"/> says and builds the indexer.</summary>
    /// <exception cref="Core.Errors.ConfigurationException">No key configured, or the secret or variable does not hold a valid key (names the secret or variable, never the value).</exception>
    /// <exception cref="Core.Errors.TransientException">The extension could not be reached.</exception>
    public static async Task<BlindIndexer> LoadAsync(VaultflowSettings settings, IEnvironmentVariables environment, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        settings.Require("the blind index", SettingNames.BlindIndexKey);
        if (settings.BlindIndexKeySecretId is not { } secretId)
        {
            return BlindIndexer.Load(
                new BlindIndexOptions(KeyMaterialSource.FromEnvironment(SettingNames.BlindIndexKey)),
                new VariablesKeyMaterialEnvironment(environment));
        }

        using var source = new SecretsExtensionSource(BlindIndexKeySecret.ExtensionOptions(secretId, environment.Get), loggers?.CreateLogger<SecretsExtensionSource>());
        return await BlindIndexKeySecret.LoadIndexerAsync(source, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
