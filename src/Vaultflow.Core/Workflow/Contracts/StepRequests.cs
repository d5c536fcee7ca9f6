using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaultflow.Core.Workflow.Contracts;

/// <summary>Dedupe's payload as the ASL builds it: <c>{"input.$": "$", "executionName.$": "$$.Execution.Name"}</c>.</summary>
public sealed record DedupeRequest
{
    /// <summary>The execution input: the full workflow input or a console <c>{"message": {...}}</c>.</summary>
    [JsonConverter(typeof(RawJsonConverter))]
    public JsonElement Input { get; init; }

    public string? ExecutionName { get; init; }
}

/// <summary>Encrypt's payload: <c>{"workflow.$": "$", "executionName.$": "$$.Execution.Name"}</c> with Dedupe's output as the state.</summary>
public sealed record EncryptRequest
{
    public WorkflowState? Workflow { get; init; }

    public string? ExecutionName { get; init; }
}

/// <summary>Persist's payload: <c>{"workflow.$": "$", "executionName.$": "$$.Execution.Name"}</c> with Encrypt's output as the state.</summary>
public sealed record PersistRequest
{
    public EncryptedState? Workflow { get; init; }

    public string? ExecutionName { get; init; }
}

/// <summary>
/// RouteFailure's payload: <c>{"input.$": "$$.Execution.Input", "failure.$": "$.failure", "executionName.$": "$$.Execution.Name"}</c>.
/// </summary>
public sealed record RouteFailureRequest
{
    /// <summary>The original execution input (any JSON: it may be what failed to parse).</summary>
    [JsonConverter(typeof(RawJsonConverter))]
    public JsonElement? Input { get; init; }

    /// <summary>The Catch's error output.</summary>
    public FailureInfo? Failure { get; init; }

    public string? ExecutionName { get; init; }
}

/// <summary>
/// A Catch's error output, <c>{"Error": "...", "Cause": "..."}</c>. For a Lambda task Cause is the
/// function's error payload as a JSON string: <c>{"errorType", "errorMessage", "stackTrace"}</c>.
/// </summary>
public sealed record FailureInfo
{
    [JsonPropertyName("Error")]
    public string? Error { get; init; }

    [JsonPropertyName("Cause")]
    public string? Cause { get; init; }
}
