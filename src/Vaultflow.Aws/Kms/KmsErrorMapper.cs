using System.Net.Sockets;
using Amazon.Runtime;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Errors;

namespace Vaultflow.Aws.Kms;

/// <summary>
/// Turns KMS and transport failures into Vaultflow's exception tree, so Step Functions retries what is
/// transient and stops on what a retry cannot fix. Unrecognised failures are left as they are.
/// </summary>
internal static class KmsErrorMapper
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "LimitExceededException", "KMSInternalException", "DependencyTimeoutException",
        "KeyUnavailableException", "RequestTimeout", "RequestTimeoutException", "ServiceUnavailable", "InternalFailure",
    };

    private static readonly HashSet<string> AccessCodes = new(StringComparer.Ordinal)
    {
        "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "InvalidSignatureException",
        "IncompleteSignatureException", "MissingAuthenticationTokenException", "ExpiredTokenException",
    };

    /// <summary>The mapped exception, or null to let <paramref name="error"/> propagate unchanged.</summary>
    public static VaultflowException? Map(string operation, string keyId, Exception error, CancellationToken callerToken)
    {
        if (error is AmazonServiceException service && service.StatusCode != 0)
        {
            return MapService(operation, keyId, service);
        }

        if (IsTransport(error, callerToken))
        {
            return new TransientException(
                $"KMS {operation} for key '{keyId}' did not get an answer ({error.GetType().Name}: the endpoint was unreachable or timed out). " +
                "This is retryable. If it persists, check the KMS endpoint (AWS_ENDPOINT_URL_KMS, VPC endpoint or NAT for a Lambda in a VPC) and the client timeout.",
                error);
        }

        return null;
    }

    private static VaultflowException? MapService(string operation, string keyId, AmazonServiceException error)
    {
        var code = error.ErrorCode ?? "";
        if (TransientCodes.Contains(code) || (int)error.StatusCode >= 500)
        {
            return new TransientException(
                $"KMS {operation} for key '{keyId}' failed with {Describe(error)}. This is retryable (backoff with jitter). " +
                "Repeated throttling means the account is near its KMS request quota for cryptographic operations in this region: " +
                "enable or enlarge the data-key cache, spread the load, or request a quota increase in Service Quotas.",
                error);
        }

        return code switch
        {
            // The same stable codes as the raw AES keyring, so a moved or re-contexted record fails alike under either keyring.
            "InvalidCiphertextException" => new DecryptionFailedException(
                DecryptionFailureReasons.UnwrapFailed,
                $"KMS {operation} refused the encrypted data key under key '{keyId}': its bytes were altered or the encryption context differs from the one it was encrypted with. Retrying will not help; check that the record's stored key and context were not changed.",
                error),
            "IncorrectKeyException" => new DecryptionFailedException(
                DecryptionFailureReasons.WrongKey,
                $"KMS {operation}: the encrypted data key was not encrypted under key '{keyId}'. The record names a different key than the one that wrapped it; retrying will not help.",
                error),
            "InvalidKeyUsageException" => new DecryptionFailedException(
                "invalid-key-usage",
                $"KMS {operation}: key '{keyId}' cannot be used for this operation (it must be a symmetric ENCRYPT_DECRYPT key).",
                error),
            "NotFoundException" => Configuration(operation, keyId, error,
                "does not exist in the region and account the client uses. Check the key id or alias, the region (AWS_REGION) and, locally, the endpoint (AWS_ENDPOINT_URL_KMS)"),
            "DisabledException" or "KMSInvalidStateException" => Configuration(operation, keyId, error,
                "is disabled or pending deletion. Enable the key (or cancel its deletion), or point the setting at an enabled key"),
            _ when AccessCodes.Contains(code) || error.StatusCode == System.Net.HttpStatusCode.Forbidden => Configuration(operation, keyId, error,
                $"cannot be used by this caller (access denied or invalid credentials). Grant kms:{operation} on the key in its key policy and the function's IAM role, and check the credentials"),
            _ => null,
        };
    }

    private static ConfigurationException Configuration(string operation, string keyId, AmazonServiceException error, string problem) =>
        new(KmsEnvironmentVariables.KeyId, $"KMS {operation} failed with {Describe(error)}: key '{keyId}' {problem}. The key comes from {KmsEnvironmentVariables.KeyId}.");

    private static string Describe(AmazonServiceException error) =>
        $"{(string.IsNullOrEmpty(error.ErrorCode) ? "an error" : error.ErrorCode)} (HTTP {(int)error.StatusCode}, request id {error.RequestId ?? "none"})";

    private static bool IsTransport(Exception error, CancellationToken callerToken)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OperationCanceledException when callerToken.IsCancellationRequested:
                    return false;
                case HttpRequestException or SocketException or IOException or TimeoutException or OperationCanceledException:
                    return true;
            }
        }

        return false;
    }
}
