using Vaultflow.Local.Kms.Keys;
using Vaultflow.Local.Kms.Protocol;

namespace Vaultflow.Local.Kms.Operations;

/// <summary>CreateKey, DescribeKey, EnableKey, DisableKey, CreateAlias and ListAliases (symmetric ENCRYPT_DECRYPT keys only).</summary>
internal sealed class KeyOperations(KeyStore store)
{
    private const int MaxListLimit = 100;

    public KeyMetadataResponse CreateKey(CreateKeyRequest request)
    {
        if (request.KeyUsage is not (null or "ENCRYPT_DECRYPT")
            || request.KeySpec is not (null or KmsOperationGuards.SymmetricDefault)
            || request.CustomerMasterKeySpec is not (null or KmsOperationGuards.SymmetricDefault))
        {
            throw new KmsErrorException(KmsErrorCodes.UnsupportedOperation, "The local KMS creates symmetric encryption keys only (KeyUsage ENCRYPT_DECRYPT, KeySpec SYMMETRIC_DEFAULT).");
        }

        if (request.Origin is not (null or "AWS_KMS") || request.MultiRegion == true)
        {
            throw new KmsErrorException(KmsErrorCodes.UnsupportedOperation, "The local KMS supports Origin AWS_KMS, single-region keys only.");
        }

        var description = request.Description ?? "";
        if (description.Length > 8192)
        {
            throw new KmsErrorException(KmsErrorCodes.Validation, "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192");
        }

        return new KeyMetadataResponse { KeyMetadata = Metadata(store.CreateKey(description)) };
    }

    public KeyMetadataResponse DescribeKey(DescribeKeyRequest request) =>
        new() { KeyMetadata = Metadata(store.Resolve(request.KeyId)) };

    public EmptyResponse EnableKey(KeyIdRequest request)
    {
        store.SetEnabled(request.KeyId, enabled: true);
        return new EmptyResponse();
    }

    public EmptyResponse DisableKey(KeyIdRequest request)
    {
        store.SetEnabled(request.KeyId, enabled: false);
        return new EmptyResponse();
    }

    public EmptyResponse CreateAlias(CreateAliasRequest request)
    {
        store.CreateAlias(request.AliasName, request.TargetKeyId);
        return new EmptyResponse();
    }

    public ListAliasesResponse ListAliases(ListAliasesRequest request)
    {
        var limit = request.Limit ?? 50;
        if (limit is < 1 or > MaxListLimit)
        {
            throw new KmsErrorException(KmsErrorCodes.Validation, $"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and {MaxListLimit}");
        }

        Guid? keyFilter = request.KeyId is null ? null : store.Resolve(request.KeyId).Id;
        var all = store.ListAliases(keyFilter);

        // The marker is the last alias name returned: stable while aliases are only ever added.
        var start = 0;
        if (request.Marker is { } marker)
        {
            start = all.Count(a => string.CompareOrdinal(a.Name, marker) <= 0);
        }

        var page = all.Skip(start).Take(limit).ToArray();
        var truncated = start + page.Length < all.Count;
        return new ListAliasesResponse
        {
            Aliases = [.. page.Select(a => new AliasListEntry
            {
                AliasName = a.Name,
                AliasArn = store.AliasArn(a.Name),
                TargetKeyId = a.TargetKeyId.ToString("D"),
                CreationDate = a.CreationDate.ToUnixTimeMilliseconds() / 1000.0,
                LastUpdatedDate = a.LastUpdatedDate.ToUnixTimeMilliseconds() / 1000.0,
            })],
            Truncated = truncated,
            NextMarker = truncated ? page[^1].Name : null,
        };
    }

    private KeyMetadata Metadata(LocalKey key) => new()
    {
        AWSAccountId = store.AccountId,
        KeyId = key.Id.ToString("D"),
        Arn = store.KeyArn(key.Id),
        CreationDate = key.CreationDate.ToUnixTimeMilliseconds() / 1000.0,
        Enabled = key.Enabled,
        Description = key.Description,
        KeyState = key.Enabled ? "Enabled" : "Disabled",
    };
}
