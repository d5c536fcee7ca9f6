using Vaultflow.Local.Kms.Protocol;

namespace Vaultflow.Local.Kms.Keys;

/// <summary>
/// The four ways KMS accepts a key reference: key id (uuid), key ARN, alias name (<c>alias/x</c>) and
/// alias ARN. ARNs must name this server's region and account, as a real regional endpoint requires.
/// </summary>
internal readonly record struct KeyIdentifier(Guid? KeyId, string? AliasName)
{
    public const string AliasPrefix = "alias/";

    public static KeyIdentifier Parse(string? value, string region, string accountId)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new KmsErrorException(KmsErrorCodes.Validation, "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
        }

        if (value.StartsWith(AliasPrefix, StringComparison.Ordinal))
        {
            return new KeyIdentifier(null, value);
        }

        if (Guid.TryParseExact(value, "D", out var bare))
        {
            return new KeyIdentifier(bare, null);
        }

        var arnPrefix = $"arn:aws:kms:{region}:{accountId}:";
        if (value.StartsWith("arn:", StringComparison.Ordinal))
        {
            if (!value.StartsWith(arnPrefix, StringComparison.Ordinal))
            {
                // A well-formed ARN of another region or account: that key does not exist here.
                throw new KmsErrorException(KmsErrorCodes.NotFound, $"Key '{value}' does not exist");
            }

            var resource = value[arnPrefix.Length..];
            if (resource.StartsWith("key/", StringComparison.Ordinal) && Guid.TryParseExact(resource["key/".Length..], "D", out var fromArn))
            {
                return new KeyIdentifier(fromArn, null);
            }

            if (resource.StartsWith(AliasPrefix, StringComparison.Ordinal) && resource.Length > AliasPrefix.Length)
            {
                return new KeyIdentifier(null, resource);
            }
        }

        throw new KmsErrorException(KmsErrorCodes.NotFound, $"Invalid keyId '{value}'");
    }
}
