using System.Text.Json.Serialization;

namespace Vaultflow.Aws.Secrets;

/// <summary>The part of the extension's answer (the GetSecretValue response) that Vaultflow reads.</summary>
internal sealed record GetSecretValueResponse(
    [property: JsonPropertyName("ARN")] string? Arn,
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("VersionId")] string? VersionId,
    [property: JsonPropertyName("SecretString")] string? SecretString,
    [property: JsonPropertyName("SecretBinary")] string? SecretBinary);

/// <summary>The JSON secret RDS and Secrets Manager's database templates use.</summary>
internal sealed record RdsSecret(
    [property: JsonPropertyName("engine")] string? Engine,
    [property: JsonPropertyName("host")] string? Host,
    [property: JsonPropertyName("port")] int? Port,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("dbname")] string? DbName);

/// <summary>The JSON form of the blind-index key secret (<see cref="BlindIndexKeySecret"/>).</summary>
internal sealed record BlindIndexKeyJson(
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("previous")] string? Previous);

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GetSecretValueResponse))]
[JsonSerializable(typeof(RdsSecret))]
[JsonSerializable(typeof(BlindIndexKeyJson))]
internal sealed partial class SecretsJsonContext : JsonSerializerContext;
