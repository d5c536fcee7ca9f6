namespace Vaultflow.Local.Kms.Protocol;

// Response shapes of the KMS API (2014-11-01). Timestamps are epoch seconds, as the AWS JSON 1.1
// protocol encodes them; null members are omitted.

internal sealed class GenerateDataKeyResponse
{
    public required byte[] CiphertextBlob { get; init; }

    public required string KeyId { get; init; }

    public byte[]? Plaintext { get; init; }
}

internal sealed class EncryptResponse
{
    public required byte[] CiphertextBlob { get; init; }

    public required string KeyId { get; init; }

    public required string EncryptionAlgorithm { get; init; }
}

internal sealed class DecryptResponse
{
    public required string KeyId { get; init; }

    public required byte[] Plaintext { get; init; }

    public required string EncryptionAlgorithm { get; init; }
}

internal sealed class ReEncryptResponse
{
    public required byte[] CiphertextBlob { get; init; }

    public required string KeyId { get; init; }

    public required string SourceKeyId { get; init; }

    public required string SourceEncryptionAlgorithm { get; init; }

    public required string DestinationEncryptionAlgorithm { get; init; }
}

internal sealed class KeyMetadataResponse
{
    public required KeyMetadata KeyMetadata { get; init; }
}

internal sealed class KeyMetadata
{
    public required string AWSAccountId { get; init; }

    public required string KeyId { get; init; }

    public required string Arn { get; init; }

    public required double CreationDate { get; init; }

    public required bool Enabled { get; init; }

    public required string Description { get; init; }

    public string KeyUsage { get; init; } = "ENCRYPT_DECRYPT";

    public required string KeyState { get; init; }

    public string Origin { get; init; } = "AWS_KMS";

    public string KeyManager { get; init; } = "CUSTOMER";

    public string CustomerMasterKeySpec { get; init; } = "SYMMETRIC_DEFAULT";

    public string KeySpec { get; init; } = "SYMMETRIC_DEFAULT";

    public IReadOnlyList<string> EncryptionAlgorithms { get; init; } = ["SYMMETRIC_DEFAULT"];

    public bool MultiRegion { get; init; }
}

internal sealed class EmptyResponse
{
}

internal sealed class ListAliasesResponse
{
    public required IReadOnlyList<AliasListEntry> Aliases { get; init; }

    public string? NextMarker { get; init; }

    public required bool Truncated { get; init; }
}

internal sealed class AliasListEntry
{
    public required string AliasName { get; init; }

    public required string AliasArn { get; init; }

    public required string TargetKeyId { get; init; }

    public required double CreationDate { get; init; }

    public required double LastUpdatedDate { get; init; }
}

internal sealed class ErrorResponse
{
    [System.Text.Json.Serialization.JsonPropertyName("__type")]
    public required string Type { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("message")]
    public required string Message { get; init; }
}
