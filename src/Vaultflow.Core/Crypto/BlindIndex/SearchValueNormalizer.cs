namespace Vaultflow.Core.Crypto.BlindIndex;

/// <summary>
/// The normal form a search value is indexed in: surrounding white space trimmed, Unicode NFC
/// (<see cref="UnicodeNfc"/>, identical on every host), then lower-cased with the invariant culture.
/// The same rule serves e-mail addresses: "  A@B.com " and "a@b.com" index the same. Nothing
/// provider-specific is applied (no removal of dots or "+tags"), because those rules differ between
/// mail providers and would merge addresses that are really different.
/// </summary>
public static class SearchValueNormalizer
{
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return UnicodeNfc.Normalize(value.Trim()).ToLowerInvariant();
    }
}
