using Microsoft.Extensions.Primitives;

namespace Vaultflow.Local.Kms.Protocol;

/// <summary>
/// Requires an Authorization header shaped like SigV4 and stops there: the signature is NOT verified,
/// because the stand-in has no secrets to verify against. It keeps unsigned clients honest (they would
/// fail on AWS too); it is not a security boundary.
/// </summary>
internal static class SigV4HeaderCheck
{
    private const string Scheme = "AWS4-HMAC-SHA256 ";

    public static void Ensure(StringValues authorization)
    {
        var value = authorization.ToString();
        if (value.Length == 0)
        {
            throw new KmsErrorException(KmsErrorCodes.MissingAuthenticationToken, "Missing Authentication Token");
        }

        if (!value.StartsWith(Scheme, StringComparison.Ordinal)
            || !value.Contains("Credential=", StringComparison.Ordinal)
            || !value.Contains("SignedHeaders=", StringComparison.Ordinal)
            || !value.Contains("Signature=", StringComparison.Ordinal))
        {
            throw new KmsErrorException(KmsErrorCodes.IncompleteSignature, "Authorization header requires the AWS4-HMAC-SHA256 scheme with 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }
    }
}
