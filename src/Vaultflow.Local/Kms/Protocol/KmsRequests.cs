namespace Vaultflow.Local.Kms.Protocol;

// Request shapes of the KMS API (2014-11-01) that the stand-in serves. Property names are the wire names;
// blobs are base64 strings on the wire (System.Text.Json maps byte[] to base64). Unknown members
// (GrantTokens, Tags, Policy, ...) are accepted and ignored.

internal sealed class GenerateDataKeyRequest
{
    public string? KeyId { get; set; }

    public Dictionary<string, string>? EncryptionContext { get; set; }

    public string? KeySpec { get; set; }

    public int? NumberOfBytes { get; set; }

    public bool? DryRun { get; set; }
}

internal sealed class EncryptRequest
{
    public string? KeyId { get; set; }

    public byte[]? Plaintext { get; set; }

    public Dictionary<string, string>? EncryptionContext { get; set; }

    public string? EncryptionAlgorithm { get; set; }

    public bool? DryRun { get; set; }
}

internal sealed class DecryptRequest
{
    public byte[]? CiphertextBlob { get; set; }

    public Dictionary<string, string>? EncryptionContext { get; set; }

    public string? KeyId { get; set; }

    public string? EncryptionAlgorithm { get; set; }

    public bool? DryRun { get; set; }
}

internal sealed class ReEncryptRequest
{
    public byte[]? CiphertextBlob { get; set; }

    public Dictionary<string, string>? SourceEncryptionContext { get; set; }

    public string? SourceKeyId { get; set; }

    public string? DestinationKeyId { get; set; }

    public Dictionary<string, string>? DestinationEncryptionContext { get; set; }

    public string? SourceEncryptionAlgorithm { get; set; }

    public string? DestinationEncryptionAlgorithm { get; set; }

    public bool? DryRun { get; set; }
}

internal sealed class CreateKeyRequest
{
    public string? Description { get; set; }

    public string? KeyUsage { get; set; }

    public string? KeySpec { get; set; }

    public string? CustomerMasterKeySpec { get; set; }

    public string? Origin { get; set; }

    public bool? MultiRegion { get; set; }
}

internal sealed class DescribeKeyRequest
{
    public string? KeyId { get; set; }
}

internal sealed class KeyIdRequest
{
    public string? KeyId { get; set; }
}

internal sealed class CreateAliasRequest
{
    public string? AliasName { get; set; }

    public string? TargetKeyId { get; set; }
}

internal sealed class ListAliasesRequest
{
    public string? KeyId { get; set; }

    public int? Limit { get; set; }

    public string? Marker { get; set; }
}
