namespace Vaultflow.Core.Crypto.Envelope;

/// <summary>Per-call encryption options.</summary>
/// <param name="BypassDataKeyCache">
/// Fetch a fresh data key from the keyring instead of the cache, without touching the cache. Used on
/// the last retry attempts of a step, so a bad cached key can never fail a record twice.
/// </param>
public sealed record EncryptOptions(bool BypassDataKeyCache = false)
{
    public static EncryptOptions Default { get; } = new();
}
