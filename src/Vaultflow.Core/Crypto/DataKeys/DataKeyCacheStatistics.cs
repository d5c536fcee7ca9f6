namespace Vaultflow.Core.Crypto.DataKeys;

/// <summary>A snapshot of the cache's counters ("key-service calls per 10,000 records" comes from here).</summary>
/// <param name="GenerateDataKeyCalls">Keyring GenerateDataKey calls (equals <paramref name="EncryptMisses"/>).</param>
/// <param name="DecryptDataKeyCalls">Keyring Decrypt calls (equals <paramref name="DecryptMisses"/>).</param>
/// <param name="EncryptHits">Encrypt requests served from the cache.</param>
/// <param name="EncryptMisses">Encrypt requests that needed a new key (cold, threshold reached, disabled or bypassed).</param>
/// <param name="DecryptHits">Decrypt requests served from the LRU.</param>
/// <param name="DecryptMisses">Decrypt requests that called the keyring.</param>
/// <param name="Bypassed">Encrypt requests that bypassed the cache on purpose (also counted as misses).</param>
public sealed record DataKeyCacheStatistics(
    long GenerateDataKeyCalls,
    long DecryptDataKeyCalls,
    long EncryptHits,
    long EncryptMisses,
    long DecryptHits,
    long DecryptMisses,
    long Bypassed)
{
    /// <summary>All calls to the key service (KMS or raw keyring).</summary>
    public long KeyServiceCalls => GenerateDataKeyCalls + DecryptDataKeyCalls;

    public long Hits => EncryptHits + DecryptHits;

    public long Misses => EncryptMisses + DecryptMisses;
}
