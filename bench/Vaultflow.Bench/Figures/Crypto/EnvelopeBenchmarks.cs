using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Crypto.Keyrings;

namespace Vaultflow.Bench.Figures.Crypto;

/// <summary>
/// Figure 2: one encrypt + one decrypt of the same plaintext. The baseline is raw AesGcm with one
/// key and a reused instance on preallocated buffers (the cheapest possible AES-GCM round trip); the
/// two middle rows add, step by step, what the envelope must do per record (a fresh AesGcm for a
/// per-record key, then the HKDF derivation), so the report shows where the envelope's time goes.
/// </summary>
[MemoryDiagnoser]
public class EnvelopeBenchmarks : IDisposable
{
    private static readonly byte[] Info = "vaultflow/v1/record-key"u8.ToArray();

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _aad = RandomNumberGenerator.GetBytes(160);
    private readonly RecordBinding _binding = new(Guid.CreateVersion7(), "bench-idempotency-key-0001");
    private byte[] _plaintext = [];
    private byte[] _ciphertext = [];
    private byte[] _decrypted = [];
    private AesGcm? _gcm;
    private RawAesKeyring? _keyring;
    private CachingDataKeyProvider? _provider;
    private EnvelopeEncryptor? _encryptor;

    [Params(1024, 65536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _plaintext = RandomNumberGenerator.GetBytes(Size);
        _ciphertext = new byte[Size];
        _decrypted = new byte[Size];
        _gcm = new AesGcm(_key, 16);
        _keyring = new RawAesKeyring("bench", RandomNumberGenerator.GetBytes(32));
        _provider = new CachingDataKeyProvider(_keyring, new DataKeyCacheOptions { MaxMessages = DataKeyCacheOptions.MaxMessagesLimit, MaxBytes = long.MaxValue, MaxAge = TimeSpan.FromHours(1) });
        _encryptor = new EnvelopeEncryptor(_provider, EncryptionContext.ForApplication("vaultflow-bench", "records"));

        // Warm both caches: the measured loop never calls the keyring.
        var warm = _encryptor.EncryptAsync(_plaintext, _binding, EncryptOptions.Default, CancellationToken.None).GetAwaiter().GetResult();
        _ = _encryptor.DecryptAsync(warm, _binding, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "raw AesGcm (one key, reused instance)")]
    public byte[] RawAesGcm()
    {
        RandomNumberGenerator.Fill(_nonce);
        _gcm!.Encrypt(_nonce, _plaintext, _ciphertext, _tag, _aad);
        _gcm.Decrypt(_nonce, _ciphertext, _tag, _decrypted, _aad);
        return _decrypted;
    }

    [Benchmark(Description = "raw + new AesGcm per op")]
    public byte[] RawNewAesGcmPerOp()
    {
        RandomNumberGenerator.Fill(_nonce);
        using (var encrypt = new AesGcm(_key, 16))
        {
            encrypt.Encrypt(_nonce, _plaintext, _ciphertext, _tag, _aad);
        }

        using var decrypt = new AesGcm(_key, 16);
        decrypt.Decrypt(_nonce, _ciphertext, _tag, _decrypted, _aad);
        return _decrypted;
    }

    [Benchmark(Description = "raw + new AesGcm + HKDF per op")]
    public byte[] RawHkdfPerOp()
    {
        Span<byte> recordKey = stackalloc byte[32];
        RandomNumberGenerator.Fill(_nonce);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, recordKey, _salt, Info);
        using (var encrypt = new AesGcm(recordKey, 16))
        {
            encrypt.Encrypt(_nonce, _plaintext, _ciphertext, _tag, _aad);
        }

        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, recordKey, _salt, Info);
        using var decrypt = new AesGcm(recordKey, 16);
        decrypt.Decrypt(_nonce, _ciphertext, _tag, _decrypted, _aad);
        return _decrypted;
    }

    [Benchmark(Description = "EnvelopeEncryptor (warm cache, raw keyring)")]
    public async Task<byte[]> Envelope()
    {
        var sealedRecord = await _encryptor!.EncryptAsync(_plaintext, _binding, EncryptOptions.Default, CancellationToken.None);
        return await _encryptor.DecryptAsync(sealedRecord, _binding, CancellationToken.None);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _gcm?.Dispose();
        _provider?.Dispose();
        _keyring?.Dispose();
        GC.SuppressFinalize(this);
    }
}
