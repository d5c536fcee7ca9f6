using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Crypto.DataKeys;

/// <summary>
/// Security thresholds of the data-key cache, with the semantics of the AWS Encryption SDK's caching
/// CMM: a cached key is used only while it is younger than <see cref="MaxAge"/>, has encrypted fewer
/// than <see cref="MaxMessages"/> records, and the bytes already encrypted plus the current record's
/// bytes stay within <see cref="MaxBytes"/>; otherwise it is evicted and a fresh key fetched.
/// The Encryption SDK bounds the values: max age &gt; 0 (required, no default there), max messages
/// 1..2^32 (default 2^32), max bytes 0..2^63-1 (default 2^63-1). Vaultflow's defaults are far tighter
/// than those ceilings: every record already gets its own HKDF-derived key, so the thresholds only
/// limit how much one leaked data key would expose and how stale a key may be after rotation.
/// </summary>
public sealed record DataKeyCacheOptions
{
    /// <summary>The Encryption SDK's upper bound for max messages: 2^32.</summary>
    public const long MaxMessagesLimit = 1L << 32;

    /// <summary>Turn caching off entirely (strict rotation): every record calls the keyring, every decrypt unwraps.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How long a key may be used after it was fetched, for encrypt and decrypt entries alike.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Records one cached data key may encrypt (its first use counts). 1..2^32.</summary>
    public long MaxMessages { get; init; } = 1_000;

    /// <summary>Plaintext bytes one cached data key may encrypt (its first use counts). 0..2^63-1.</summary>
    public long MaxBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>How many unwrapped data keys the read-side LRU keeps.</summary>
    public int DecryptCacheCapacity { get; init; } = 1_000;

    /// <summary>No caching at all.</summary>
    public static DataKeyCacheOptions Disabled { get; } = new() { Enabled = false };

    /// <exception cref="ConfigurationException">A threshold is out of range.</exception>
    public void Validate()
    {
        if (MaxAge <= TimeSpan.Zero)
        {
            throw new ConfigurationException(nameof(MaxAge), $"Data-key cache {nameof(MaxAge)} is {MaxAge}; it must be greater than zero. Set a positive duration, or disable caching with {nameof(Enabled)} = false.");
        }

        if (MaxMessages is < 1 or > MaxMessagesLimit)
        {
            throw new ConfigurationException(nameof(MaxMessages), $"Data-key cache {nameof(MaxMessages)} is {MaxMessages}; it must be between 1 and 2^32 (the AWS Encryption SDK's limit).");
        }

        if (MaxBytes < 0)
        {
            throw new ConfigurationException(nameof(MaxBytes), $"Data-key cache {nameof(MaxBytes)} is {MaxBytes}; it must be between 0 and 2^63-1.");
        }

        if (DecryptCacheCapacity < 1)
        {
            throw new ConfigurationException(nameof(DecryptCacheCapacity), $"Data-key cache {nameof(DecryptCacheCapacity)} is {DecryptCacheCapacity}; it must be at least 1. Disable caching with {nameof(Enabled)} = false instead.");
        }
    }
}
