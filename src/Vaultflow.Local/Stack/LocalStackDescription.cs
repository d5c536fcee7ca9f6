using System.Text.Json.Serialization;

namespace Vaultflow.Local.Stack;

/// <summary>
/// <c>&lt;state-dir&gt;/local.json</c>: how clients reach the running stack (the CLI's other commands, tests, the
/// AWS CLI with --endpoint-url). Written when everything is ready, removed when the stack stops.
/// </summary>
public sealed record LocalStackDescription
{
    public required string Region { get; init; }

    public required string SqsEndpoint { get; init; }

    public required string SfnEndpoint { get; init; }

    public required string KmsEndpoint { get; init; }

    public required string LambdaEndpoint { get; init; }

    public required string IngestQueueUrl { get; init; }

    public required string DlqUrl { get; init; }

    public required string StateMachineArn { get; init; }

    /// <summary>The KMS key alias the functions encrypt under.</summary>
    public required string KmsKeyId { get; init; }

    /// <summary>The app role's connection string to <see cref="Database"/> (what the functions use).</summary>
    public required string Postgres { get; init; }

    public required string Database { get; init; }

    /// <summary>The file holding the base64 blind-index key (mode 0600).</summary>
    public required string BlindIndexKeyFile { get; init; }

    /// <summary>The process hosting the stack.</summary>
    public required int Pid { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(LocalStackDescription))]
public sealed partial class LocalStackJsonContext : JsonSerializerContext;
