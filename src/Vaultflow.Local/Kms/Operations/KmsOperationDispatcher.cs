using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vaultflow.Local.Kms.Keys;
using Vaultflow.Local.Kms.Protocol;

namespace Vaultflow.Local.Kms.Operations;

/// <summary>Maps a <c>TrentService.&lt;Op&gt;</c> target to its handler: JSON in, JSON out.</summary>
internal sealed class KmsOperationDispatcher(KeyStore store)
{
    private static readonly KmsJsonContext Json = KmsJsonContext.Default;

    private readonly DataKeyOperations _dataKeys = new(store);
    private readonly CipherOperations _ciphers = new(store);
    private readonly KeyOperations _keys = new(store);

    public static IReadOnlySet<string> Operations { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "Encrypt", "Decrypt", "ReEncrypt",
        "CreateKey", "DescribeKey", "EnableKey", "DisableKey", "CreateAlias", "ListAliases",
    };

    /// <summary>Runs <paramref name="operation"/> and returns the UTF-8 JSON response; the caller zeroes it after sending.</summary>
    public byte[] Invoke(string operation, ReadOnlySpan<byte> body) => operation switch
    {
        "GenerateDataKey" => Run(body, Json.GenerateDataKeyRequest, r => _dataKeys.GenerateDataKey(r, withPlaintext: true), Json.GenerateDataKeyResponse, secret: r => r.Plaintext),
        "GenerateDataKeyWithoutPlaintext" => Run(body, Json.GenerateDataKeyRequest, r => _dataKeys.GenerateDataKey(r, withPlaintext: false), Json.GenerateDataKeyResponse),
        "Encrypt" => Run(body, Json.EncryptRequest, _ciphers.Encrypt, Json.EncryptResponse, scrub: r => r.Plaintext),
        "Decrypt" => Run(body, Json.DecryptRequest, _ciphers.Decrypt, Json.DecryptResponse, secret: r => r.Plaintext),
        "ReEncrypt" => Run(body, Json.ReEncryptRequest, _ciphers.ReEncrypt, Json.ReEncryptResponse),
        "CreateKey" => Run(body, Json.CreateKeyRequest, _keys.CreateKey, Json.KeyMetadataResponse),
        "DescribeKey" => Run(body, Json.DescribeKeyRequest, _keys.DescribeKey, Json.KeyMetadataResponse),
        "EnableKey" => Run(body, Json.KeyIdRequest, _keys.EnableKey, Json.EmptyResponse),
        "DisableKey" => Run(body, Json.KeyIdRequest, _keys.DisableKey, Json.EmptyResponse),
        "CreateAlias" => Run(body, Json.CreateAliasRequest, _keys.CreateAlias, Json.EmptyResponse),
        "ListAliases" => Run(body, Json.ListAliasesRequest, _keys.ListAliases, Json.ListAliasesResponse),
        _ => throw new KmsErrorException(KmsErrorCodes.UnknownOperation, $"Operation '{operation}' is not supported by the local KMS."),
    };

    private static byte[] Run<TRequest, TResponse>(
        ReadOnlySpan<byte> body,
        JsonTypeInfo<TRequest> requestType,
        Func<TRequest, TResponse> handle,
        JsonTypeInfo<TResponse> responseType,
        Func<TRequest, byte[]?>? scrub = null,
        Func<TResponse, byte[]?>? secret = null)
        where TRequest : class, new()
    {
        TRequest request;
        try
        {
            request = body.IsEmpty ? new TRequest() : JsonSerializer.Deserialize(body, requestType) ?? new TRequest();
        }
        catch (JsonException e)
        {
            throw new KmsErrorException(KmsErrorCodes.Serialization, $"The request body is not a valid {typeof(TRequest).Name[..^"Request".Length]} request: {e.Message}");
        }

        try
        {
            var response = handle(request);
            try
            {
                return JsonSerializer.SerializeToUtf8Bytes(response, responseType);
            }
            finally
            {
                if (secret?.Invoke(response) is { } bytes)
                {
                    CryptographicOperations.ZeroMemory(bytes);
                }
            }
        }
        finally
        {
            if (scrub?.Invoke(request) is { } bytes)
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }
    }
}
