using System.Text.Json.Serialization;

namespace Vaultflow.Local.Kms.Keys;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(KeyStoreDocument))]
internal sealed partial class KeyStoreJsonContext : JsonSerializerContext
{
}
