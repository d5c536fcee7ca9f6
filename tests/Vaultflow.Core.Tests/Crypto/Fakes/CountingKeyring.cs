using Vaultflow.Core.Crypto;

namespace Vaultflow.Core.Tests.Crypto.Fakes;

/// <summary>Wraps a real keyring and counts the calls that reach it.</summary>
internal sealed class CountingKeyring(IKeyring inner) : IKeyring
{
    private int _generateCalls;
    private int _decryptCalls;

    public int GenerateCalls => Volatile.Read(ref _generateCalls);

    public int DecryptCalls => Volatile.Read(ref _decryptCalls);

    public string KeyId => inner.KeyId;

    public Task<DataKey> GenerateDataKeyAsync(EncryptionContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _generateCalls);
        return inner.GenerateDataKeyAsync(context, cancellationToken);
    }

    public Task<byte[]> DecryptDataKeyAsync(string keyId, ReadOnlyMemory<byte> encryptedDataKey, EncryptionContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _decryptCalls);
        return inner.DecryptDataKeyAsync(keyId, encryptedDataKey, context, cancellationToken);
    }
}
