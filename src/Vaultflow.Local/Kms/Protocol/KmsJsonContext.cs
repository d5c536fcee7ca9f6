using System.Text.Json.Serialization;

namespace Vaultflow.Local.Kms.Protocol;

// Wire names are PascalCase as declared; KMS omits absent members.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenerateDataKeyRequest))]
[JsonSerializable(typeof(EncryptRequest))]
[JsonSerializable(typeof(DecryptRequest))]
[JsonSerializable(typeof(ReEncryptRequest))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(DescribeKeyRequest))]
[JsonSerializable(typeof(KeyIdRequest))]
[JsonSerializable(typeof(CreateAliasRequest))]
[JsonSerializable(typeof(ListAliasesRequest))]
[JsonSerializable(typeof(GenerateDataKeyResponse))]
[JsonSerializable(typeof(EncryptResponse))]
[JsonSerializable(typeof(DecryptResponse))]
[JsonSerializable(typeof(ReEncryptResponse))]
[JsonSerializable(typeof(KeyMetadataResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(ListAliasesResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class KmsJsonContext : JsonSerializerContext
{
}
