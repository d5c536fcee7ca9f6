using Vaultflow.Local.Kms.Keys;
using Vaultflow.Local.Kms.Protocol;

namespace Vaultflow.Local.Kms.Operations;

/// <summary>Checks shared by several operations, with the error types KMS uses for them.</summary>
internal static class KmsOperationGuards
{
    public const string SymmetricDefault = "SYMMETRIC_DEFAULT";

    public static void EnsureEnabled(LocalKey key, KeyStore store)
    {
        if (!key.Enabled)
        {
            throw new KmsErrorException(KmsErrorCodes.Disabled, $"{store.KeyArn(key.Id)} is disabled.");
        }
    }

    public static void EnsureSymmetricAlgorithm(string? algorithm, string member)
    {
        if (algorithm is not null && algorithm != SymmetricDefault)
        {
            throw new KmsErrorException(KmsErrorCodes.UnsupportedOperation, $"{member} '{algorithm}' needs an asymmetric key; the local KMS has symmetric keys only ({SymmetricDefault}).");
        }
    }

    public static void ThrowIfDryRun(bool? dryRun)
    {
        if (dryRun == true)
        {
            throw new KmsErrorException(KmsErrorCodes.DryRunOperation, "The request would have succeeded, but the DryRun option is set.");
        }
    }
}
