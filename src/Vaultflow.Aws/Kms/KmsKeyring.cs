using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Errors;

namespace Vaultflow.Aws.Kms;

/// <summary>
/// The production keyring: data keys from KMS GenerateDataKey (AES_256) under <see cref="KmsKeyringOptions.KeyId"/>,
/// unwrapped with KMS Decrypt; the encryption context is sent on both, so KMS authenticates it.
/// Failures surface as <see cref="TransientException"/>, <see cref="DecryptionFailedException"/> or
/// <see cref="ConfigurationException"/>. The only plaintext copy this class makes is the one it returns;
/// the SDK's response buffer is overwritten with zeros.
/// </summary>
public sealed class KmsKeyring : IKeyring
{
    private readonly IAmazonKeyManagementService _client;
    private readonly KmsKeyringOptions _options;
    private string? _keyArn;

    public KmsKeyring(IAmazonKeyManagementService client, KmsKeyringOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.KeyId);
        _client = client;
        _options = options;
    }

    /// <summary>The key ARN KMS reported for the latest data key; the configured key id before the first one.</summary>
    public string KeyId => Volatile.Read(ref _keyArn) ?? _options.KeyId;

    public async Task<DataKey> GenerateDataKeyAsync(EncryptionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        const string operation = "GenerateDataKey";
        GenerateDataKeyResponse response;
        try
        {
            response = await _client.GenerateDataKeyAsync(
                new GenerateDataKeyRequest
                {
                    KeyId = _options.KeyId,
                    KeySpec = DataKeySpec.AES_256,
                    EncryptionContext = new Dictionary<string, string>(context.Pairs, StringComparer.Ordinal),
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (KmsErrorMapper.Map(operation, _options.KeyId, e, cancellationToken) is not null)
        {
            throw KmsErrorMapper.Map(operation, _options.KeyId, e, cancellationToken)!;
        }

        var plaintext = TakeAndWipe(response.Plaintext);
        try
        {
            if (string.IsNullOrEmpty(response.KeyId) || response.CiphertextBlob is null || plaintext.Length != DataKey.KeySize)
            {
                throw new ConfigurationException(
                    KmsEnvironmentVariables.EndpointUrlKms,
                    $"KMS {operation} for key '{_options.KeyId}' answered without a key ARN, an encrypted key or a {DataKey.KeySize}-byte plaintext key. The endpoint does not behave like KMS: check {KmsEnvironmentVariables.EndpointUrlKms} / {KmsEnvironmentVariables.EndpointUrl}.");
            }

            var dataKey = new DataKey(response.KeyId, plaintext, response.CiphertextBlob.ToArray());
            Volatile.Write(ref _keyArn, response.KeyId);
            return dataKey;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }
    }

    public async Task<byte[]> DecryptDataKeyAsync(string keyId, ReadOnlyMemory<byte> encryptedDataKey, EncryptionContext context, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(context);
        const string operation = "Decrypt";
        DecryptResponse response;
        try
        {
            // KeyId pins the key: a data key wrapped under any other key fails with IncorrectKeyException.
            response = await _client.DecryptAsync(
                new DecryptRequest
                {
                    KeyId = keyId,
                    CiphertextBlob = new MemoryStream(encryptedDataKey.ToArray(), writable: false),
                    EncryptionContext = new Dictionary<string, string>(context.Pairs, StringComparer.Ordinal),
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (KmsErrorMapper.Map(operation, keyId, e, cancellationToken) is not null)
        {
            throw KmsErrorMapper.Map(operation, keyId, e, cancellationToken)!;
        }

        var plaintext = TakeAndWipe(response.Plaintext);
        if (plaintext.Length != DataKey.KeySize)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new DecryptionFailedException("wrong-length", $"KMS {operation} with key '{keyId}' returned a {plaintext.Length}-byte key; Vaultflow data keys are {DataKey.KeySize} bytes. The encrypted data key was not made by Vaultflow.");
        }

        return plaintext;
    }

    // Copies the key out of the SDK's stream once, then overwrites the stream's buffer with zeros.
    private static byte[] TakeAndWipe(MemoryStream? stream)
    {
        if (stream is null)
        {
            return [];
        }

        using (stream)
        {
            var copy = stream.ToArray();
            if (stream.TryGetBuffer(out var buffer))
            {
                CryptographicOperations.ZeroMemory(buffer.AsSpan());
            }
            else if (stream.CanWrite)
            {
                stream.Position = 0;
                stream.Write(new byte[stream.Length]);
            }

            return copy;
        }
    }
}
