using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto.Keyrings;

namespace Vaultflow.Core.Crypto.BlindIndex;

/// <summary>
/// The local form of the blind-index keys: the current key from a variable or file and, during
/// a rotation, the previous key from VAULTFLOW_BLIND_INDEX_PREVIOUS_KEY (on Lambda both come from the
/// secret instead; see Vaultflow.Aws's BlindIndexKeySecret).
/// </summary>
public static class BlindIndexKeyLoader
{
    /// <exception cref="Errors.ConfigurationException">A key is missing, unreadable, not base64, or not 32..64 bytes (names the variable or file, never the value).</exception>
    public static BlindIndexKeySet Load(KeyMaterialSource current, IKeyMaterialEnvironment environment, int lengthBits = BlindIndexer.DefaultLengthBits)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var currentIndexer = BlindIndexer.Load(new BlindIndexOptions(current, lengthBits), environment);
        if (string.IsNullOrWhiteSpace(environment.GetEnvironmentVariable(SettingNames.BlindIndexPreviousKey)))
        {
            return new BlindIndexKeySet(currentIndexer);
        }

        try
        {
            var previous = BlindIndexer.Load(new BlindIndexOptions(KeyMaterialSource.FromEnvironment(SettingNames.BlindIndexPreviousKey), lengthBits), environment);
            return new BlindIndexKeySet(currentIndexer, previous);
        }
        catch
        {
            currentIndexer.Dispose();
            throw;
        }
    }
}
