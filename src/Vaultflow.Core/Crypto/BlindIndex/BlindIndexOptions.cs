using Vaultflow.Core.Crypto.Keyrings;

namespace Vaultflow.Core.Crypto.BlindIndex;

/// <summary>Configuration of a <see cref="BlindIndexer"/>.</summary>
/// <param name="Key">Where the blind-index key is: base64, at least 32 bytes, separate from every data or wrapping key.</param>
/// <param name="LengthBits">Index length in bits, 1..63; see <see cref="BlindIndexer.DefaultLengthBits"/>.</param>
public sealed record BlindIndexOptions(KeyMaterialSource Key, int LengthBits = BlindIndexer.DefaultLengthBits)
{
    /// <summary>The conventional environment variable for the blind-index key.</summary>
    public const string DefaultEnvironmentVariable = "VAULTFLOW_BLIND_INDEX_KEY";
}
