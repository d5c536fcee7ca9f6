using System.Collections.Concurrent;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Tests.Crypto.Fakes;

namespace Vaultflow.Core.Tests.Crypto;

public sealed class CachingDataKeyProviderTests
{
    private static readonly EncryptionContext Context = TestKeys.Context();
    private readonly CountingKeyring _keyring = new(TestKeys.Keyring());
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task GetEncryptionKeyAsync_WithinThresholds_ReusesOneKey()
    {
        using var provider = Provider(new DataKeyCacheOptions());

        var first = await EncryptedKeyOf(provider, 10);
        var second = await EncryptedKeyOf(provider, 10);

        Assert.Equal(first, second);
        Assert.Equal(1, _keyring.GenerateCalls);
    }

    [Fact]
    public async Task GetEncryptionKeyAsync_MaxAgeReached_FetchesNewKey()
    {
        using var provider = Provider(new DataKeyCacheOptions { MaxAge = TimeSpan.FromMinutes(5) });

        var first = await EncryptedKeyOf(provider, 1);
        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        var stillCached = await EncryptedKeyOf(provider, 1);
        _time.Advance(TimeSpan.FromTicks(1));
        var expired = await EncryptedKeyOf(provider, 1);

        Assert.Equal(first, stillCached);
        Assert.NotEqual(first, expired);
        Assert.Equal(2, _keyring.GenerateCalls);
    }

    [Fact]
    public async Task GetEncryptionKeyAsync_MaxMessages_EachKeyUsedAtMostThatOften()
    {
        using var provider = Provider(new DataKeyCacheOptions { MaxMessages = 3 });

        var keys = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            keys.Add(await EncryptedKeyOf(provider, 1));
        }

        Assert.Equal([3, 3, 1], keys.GroupBy(k => k).Select(g => g.Count()));
        Assert.Equal(3, _keyring.GenerateCalls);
    }

    [Fact]
    public async Task GetEncryptionKeyAsync_MaxBytes_RecordThatWouldExceedBudgetGetsNewKey()
    {
        using var provider = Provider(new DataKeyCacheOptions { MaxBytes = 100 });

        var a = await EncryptedKeyOf(provider, 40);
        var b = await EncryptedKeyOf(provider, 60);
        var c = await EncryptedKeyOf(provider, 1);

        Assert.Equal(a, b);
        Assert.NotEqual(b, c);
        Assert.Equal(2, _keyring.GenerateCalls);
    }

    [Fact]
    public async Task GetEncryptionKeyAsync_RecordLargerThanMaxBytes_GetsSingleUseKeyNeverCached()
    {
        using var provider = Provider(new DataKeyCacheOptions { MaxBytes = 100 });

        var small = await EncryptedKeyOf(provider, 10);
        var huge = await EncryptedKeyOf(provider, 101);
        var afterHuge = await EncryptedKeyOf(provider, 10);
        var again = await EncryptedKeyOf(provider, 10);

        Assert.NotEqual(small, huge);
        Assert.NotEqual(huge, afterHuge);
        Assert.Equal(afterHuge, again);
        Assert.Equal(3, _keyring.GenerateCalls);
    }

    [Fact]
    public async Task GetEncryptionKeyAsync_Disabled_CallsKeyringEveryTime()
    {
        using var provider = Provider(DataKeyCacheOptions.Disabled);
        var encryptor = new EnvelopeEncryptor(provider, Context);
        var binding = new RecordBinding(Guid.NewGuid(), "k");

        var keys = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var ciphertext = await encryptor.EncryptAsync("x"u8.ToArray(), binding, EncryptOptions.Default, CancellationToken.None);
            keys.Add(Convert.ToBase64String(EnvelopeHeader.Read(ciphertext).EncryptedDataKey.Span));
            await encryptor.DecryptAsync(ciphertext, binding, CancellationToken.None);
            await encryptor.DecryptAsync(ciphertext, binding, CancellationToken.None);
        }

        Assert.Equal(5, keys.Count);
        Assert.Equal(5, _keyring.GenerateCalls);
        Assert.Equal(10, _keyring.DecryptCalls);
        Assert.Equal(new DataKeyCacheStatistics(5, 10, 0, 5, 0, 10, 0), provider.Statistics);
    }

    [Fact]
    public async Task GetEncryptionKeyAsync_Bypass_FreshKeyAndCacheUntouched()
    {
        using var provider = Provider(new DataKeyCacheOptions { MaxMessages = 3 });

        var cached = await EncryptedKeyOf(provider, 1);
        var bypassed = await EncryptedKeyOf(provider, 1, bypass: true);
        var afterBypass = await EncryptedKeyOf(provider, 1);
        var third = await EncryptedKeyOf(provider, 1);
        var fourth = await EncryptedKeyOf(provider, 1);

        Assert.NotEqual(cached, bypassed);
        Assert.Equal(cached, afterBypass);
        Assert.Equal(cached, third);
        Assert.NotEqual(cached, fourth);
        Assert.Equal(3, _keyring.GenerateCalls);
        Assert.Equal(1, provider.Statistics.Bypassed);
    }

    [Fact]
    public async Task GetDecryptionKeyAsync_SameWrappedKey_UnwrapsOnce()
    {
        using var provider = Provider(new DataKeyCacheOptions());
        using var dataKey = await _keyring.GenerateDataKeyAsync(Context, CancellationToken.None);

        var first = await provider.GetDecryptionKeyAsync(dataKey.KeyId, dataKey.Encrypted, Context, CancellationToken.None);
        var second = await provider.GetDecryptionKeyAsync(dataKey.KeyId, dataKey.Encrypted, Context, CancellationToken.None);

        Assert.Equal(dataKey.Plaintext.ToArray(), first);
        Assert.Equal(first, second);
        Assert.NotSame(first, second);
        Assert.Equal(1, _keyring.DecryptCalls);
    }

    [Fact]
    public async Task GetDecryptionKeyAsync_CapacityExceeded_EvictsLeastRecentlyUsed()
    {
        using var provider = Provider(new DataKeyCacheOptions { DecryptCacheCapacity = 2 });
        var a = await _keyring.GenerateDataKeyAsync(Context, CancellationToken.None);
        var b = await _keyring.GenerateDataKeyAsync(Context, CancellationToken.None);
        var c = await _keyring.GenerateDataKeyAsync(Context, CancellationToken.None);

        await Unwrap(provider, a);
        await Unwrap(provider, b);
        await Unwrap(provider, a); // a is now most recent, b least
        await Unwrap(provider, c); // evicts b
        await Unwrap(provider, a); // hit
        await Unwrap(provider, b); // miss

        Assert.Equal(4, _keyring.DecryptCalls);
        Assert.Equal(2, provider.Statistics.DecryptHits);
        Assert.Equal(4, provider.Statistics.DecryptMisses);
    }

    [Fact]
    public async Task GetDecryptionKeyAsync_OtherContext_NotServedFromCache()
    {
        using var provider = Provider(new DataKeyCacheOptions());
        var dataKey = await _keyring.GenerateDataKeyAsync(Context, CancellationToken.None);
        await Unwrap(provider, dataKey);

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(
            () => provider.GetDecryptionKeyAsync(dataKey.KeyId, dataKey.Encrypted, TestKeys.Context("other"), CancellationToken.None));

        Assert.Equal(DecryptionFailureReasons.UnwrapFailed, error.Reason);
        Assert.Equal(2, _keyring.DecryptCalls);
    }

    [Fact]
    public async Task GetDecryptionKeyAsync_MaxAgeReached_UnwrapsAgain()
    {
        using var provider = Provider(new DataKeyCacheOptions { MaxAge = TimeSpan.FromSeconds(30) });
        var dataKey = await _keyring.GenerateDataKeyAsync(Context, CancellationToken.None);

        await Unwrap(provider, dataKey);
        _time.Advance(TimeSpan.FromSeconds(30));
        await Unwrap(provider, dataKey);

        Assert.Equal(2, _keyring.DecryptCalls);
    }

    [Fact]
    public async Task Statistics_ScriptedSequence_CountsExactly()
    {
        using var provider = Provider(new DataKeyCacheOptions { MaxMessages = 2 });
        var encryptor = new EnvelopeEncryptor(provider, Context);
        var binding = new RecordBinding(Guid.NewGuid(), "k");

        var ciphertexts = new List<byte[]>();
        for (var i = 0; i < 5; i++)
        {
            ciphertexts.Add(await encryptor.EncryptAsync("x"u8.ToArray(), binding, EncryptOptions.Default, CancellationToken.None));
        }

        await encryptor.EncryptAsync("x"u8.ToArray(), binding, new EncryptOptions(BypassDataKeyCache: true), CancellationToken.None);
        foreach (var ciphertext in ciphertexts)
        {
            await encryptor.DecryptAsync(ciphertext, binding, CancellationToken.None);
        }

        // Encrypt: keys used 2, 2, 1 => 3 misses, 2 hits; plus 1 bypass (a miss). Decrypt: 3 distinct wrapped keys.
        Assert.Equal(new DataKeyCacheStatistics(4, 3, 2, 4, 2, 3, 1), provider.Statistics);
        Assert.Equal(7, provider.Statistics.KeyServiceCalls);
        Assert.Equal(4, _keyring.GenerateCalls);
        Assert.Equal(3, _keyring.DecryptCalls);
    }

    [Fact]
    public async Task EncryptAsync_8ThreadsX500_NoKeyUsedMoreThanMaxMessages()
    {
        const int maxMessages = 50;
        using var provider = Provider(new DataKeyCacheOptions { MaxMessages = maxMessages });
        var encryptor = new EnvelopeEncryptor(provider, Context);
        var uses = new ConcurrentDictionary<string, int>();

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var binding = new RecordBinding(Guid.NewGuid(), $"w{worker}-{i}");
                var ciphertext = await encryptor.EncryptAsync("payload"u8.ToArray(), binding, EncryptOptions.Default, CancellationToken.None);
                uses.AddOrUpdate(Convert.ToBase64String(EnvelopeHeader.Read(ciphertext).EncryptedDataKey.Span), 1, (_, n) => n + 1);
            }
        }));
        await Task.WhenAll(workers);

        Assert.Equal(4000, uses.Values.Sum());
        Assert.All(uses.Values, count => Assert.InRange(count, 1, maxMessages));
        Assert.Equal(4000 / maxMessages, _keyring.GenerateCalls);
        Assert.Equal(uses.Count, _keyring.GenerateCalls);
        Assert.Equal(4000 - _keyring.GenerateCalls, provider.Statistics.EncryptHits);
    }

    [Fact]
    public async Task GetEncryptionKeyAsync_8ThreadsX300_NoKeyUsedForMoreThanMaxBytes()
    {
        const long maxBytes = 1_000;
        using var provider = Provider(new DataKeyCacheOptions { MaxBytes = maxBytes, MaxMessages = DataKeyCacheOptions.MaxMessagesLimit });
        var bytesPerKey = new ConcurrentDictionary<string, long>();
        var usesPerKey = new ConcurrentDictionary<string, int>();
        var oversized = new ConcurrentBag<string>();

        // Sizes 1..97 bytes, so budgets run out mid-way at different points on every thread; every 50th
        // record is larger than the whole budget (a single-use key).
        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++)
            {
                long size = i % 50 == 49 ? maxBytes + 1 : (((worker * 31) + (i * 17)) % 97) + 1;
                using var key = await provider.GetEncryptionKeyAsync(Context, size, bypassCache: false, CancellationToken.None);
                var id = Convert.ToBase64String(key.Encrypted);
                bytesPerKey.AddOrUpdate(id, size, (_, total) => total + size);
                usesPerKey.AddOrUpdate(id, 1, (_, n) => n + 1);
                if (size > maxBytes)
                {
                    oversized.Add(id);
                }
            }
        }));
        await Task.WhenAll(workers);

        Assert.Equal(2400, usesPerKey.Values.Sum());
        Assert.All(bytesPerKey.Where(k => !oversized.Contains(k.Key)), k => Assert.InRange(k.Value, 1, maxBytes));
        Assert.Equal(48, oversized.Distinct().Count());
        Assert.All(oversized, id => Assert.Equal(1, usesPerKey[id]));
        Assert.Equal(usesPerKey.Count, _keyring.GenerateCalls);
        Assert.True(usesPerKey.Count < 2400 / 2, $"the cache was barely used: {usesPerKey.Count} keys for 2400 records");
    }

    [Theory]
    [InlineData(0, 1, 0, 1)]
    [InlineData(60, 0, 0, 1)]
    [InlineData(60, (1L << 32) + 1, 0, 1)]
    [InlineData(60, 1, -1, 1)]
    [InlineData(60, 1, 0, 0)]
    public void Constructor_ThresholdOutOfRange_ThrowsConfigurationException(int maxAgeSeconds, long maxMessages, long maxBytes, int capacity)
    {
        var options = new DataKeyCacheOptions
        {
            MaxAge = TimeSpan.FromSeconds(maxAgeSeconds),
            MaxMessages = maxMessages,
            MaxBytes = maxBytes,
            DecryptCacheCapacity = capacity,
        };

        Assert.Throws<ConfigurationException>(() => new CachingDataKeyProvider(_keyring, options, _time));
    }

    [Fact]
    public async Task GetEncryptionKeyAsync_ReturnedCopyDisposed_CacheKeyStillUsable()
    {
        using var provider = Provider(new DataKeyCacheOptions());

        var first = await provider.GetEncryptionKeyAsync(Context, 1, bypassCache: false, CancellationToken.None);
        var expected = first.Plaintext.ToArray();
        first.Dispose();
        using var second = await provider.GetEncryptionKeyAsync(Context, 1, bypassCache: false, CancellationToken.None);

        Assert.Equal(expected, second.Plaintext.ToArray());
        Assert.Contains(expected, b => b != 0);
    }

    private static async Task Unwrap(CachingDataKeyProvider provider, DataKey key) =>
        await provider.GetDecryptionKeyAsync(key.KeyId, key.Encrypted, Context, CancellationToken.None);

    private static async Task<string> EncryptedKeyOf(CachingDataKeyProvider provider, long bytes, bool bypass = false)
    {
        using var key = await provider.GetEncryptionKeyAsync(Context, bytes, bypass, CancellationToken.None);
        return Convert.ToBase64String(key.Encrypted);
    }

    private CachingDataKeyProvider Provider(DataKeyCacheOptions options) => new(_keyring, options, _time);
}
