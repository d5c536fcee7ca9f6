using System.Text.Json.Serialization;

namespace Vaultflow.Core.Workflow.Contracts;

/// <summary>The Lambda error payload a Catch puts in Cause (as a JSON string) when a Lambda task fails.</summary>
public sealed record LambdaErrorCause
{
    [JsonPropertyName("errorType")]
    public string? ErrorType { get; init; }

    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; init; }
}
