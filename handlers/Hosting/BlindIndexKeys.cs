using Microsoft.Extensions.Logging;
using Vaultflow.Aws.Secrets;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.Keyrings;

namespace Vaultflow.Handlers.Hosting;

/// <summary>
/// The blind-index keys of the functions that compute or search the index (Encrypt, GetRecord): on Lambda
/// from the Secrets Manager secret named by VAULTFLOW_BLIND_INDEX_KEY_SECRET_ID (<c>key</c>, and during a
/// rotation <c>previous</c>), read once through the Parameters and Secrets extension; locally from
/// VAULTFLOW_BLIND_INDEX_KEY (and VAULTFLOW_BLIND_INDEX_PREVIOUS_KEY). Never refreshed while the sandbox
/// lives: a changed secret reaches a function at its next cold start.
/// </summary>
public static class BlindIndexKeys
{
    /// <summary>True when <paramref name="functionName"/> computes or searches blind indexes.</summary>
    public static bool NeededBy(string functionName) => FunctionRequirements.For(functionName).Contains(SettingNames.BlindIndexKey);

    /// <summary>Reads the keys from wherever <paramref name="settings"/> says and builds the key set.</summary>
    /// <exception cref="Core.Errors.ConfigurationException">No key configured, or the secret or variable does not hold a valid key (names the secret or variable, never the value).</exception>
    /// <exception cref="Core.Errors.TransientException">The extension could not be reached.</exception>
    public static async Task<BlindIndexKeySet> LoadAsync(VaultflowSettings settings, IEnvironmentVariables environment, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        settings.Require("the blind index", SettingNames.BlindIndexKey);
        if (settings.BlindIndexKeySecretId is not { } secretId)
        {
            return BlindIndexKeyLoader.Load(KeyMaterialSource.FromEnvironment(SettingNames.BlindIndexKey), new VariablesKeyMaterialEnvironment(environment));
        }

        using var source = new SecretsExtensionSource(BlindIndexKeySecret.ExtensionOptions(secretId, environment.Get), loggers?.CreateLogger<SecretsExtensionSource>());
        return await BlindIndexKeySecret.LoadKeySetAsync(source, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
