using System.Text.Json.Serialization;

namespace Vaultflow.Core.Contract;

/// <summary>Source-generated (AOT-safe) JSON for the workflow input, camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkflowInput))]
public sealed partial class WorkflowJsonContext : JsonSerializerContext;
