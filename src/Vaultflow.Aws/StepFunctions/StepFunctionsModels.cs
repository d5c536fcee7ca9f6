using System.Text.Json.Serialization;

namespace Vaultflow.Aws.StepFunctions;

// The request and response shapes of the Step Functions API (JSON 1.0, camelCase), limited to the
// fields Vaultflow reads or writes. Timestamps travel as epoch seconds.

public sealed record StartExecutionRequest(
    [property: JsonPropertyName("stateMachineArn")] string StateMachineArn,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("input")] string? Input);

public sealed record StartExecutionResponse(
    [property: JsonPropertyName("executionArn")] string ExecutionArn,
    [property: JsonPropertyName("startDate")] DateTimeOffset StartDate);

public sealed record DescribeExecutionRequest(
    [property: JsonPropertyName("executionArn")] string ExecutionArn);

public sealed record DescribeExecutionResponse
{
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }

    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("startDate")]
    public DateTimeOffset StartDate { get; init; }

    [JsonPropertyName("stopDate")]
    public DateTimeOffset? StopDate { get; init; }

    [JsonPropertyName("input")]
    public string? Input { get; init; }

    [JsonPropertyName("output")]
    public string? Output { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("cause")]
    public string? Cause { get; init; }
}

public sealed record ListExecutionsRequest(
    [property: JsonPropertyName("stateMachineArn")] string StateMachineArn,
    [property: JsonPropertyName("statusFilter")] string? StatusFilter = null,
    [property: JsonPropertyName("maxResults")] int? MaxResults = null,
    [property: JsonPropertyName("nextToken")] string? NextToken = null);

public sealed record ExecutionListItem
{
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }

    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("startDate")]
    public DateTimeOffset StartDate { get; init; }

    [JsonPropertyName("stopDate")]
    public DateTimeOffset? StopDate { get; init; }
}

public sealed record ListExecutionsResponse(
    [property: JsonPropertyName("executions")] IReadOnlyList<ExecutionListItem> Executions,
    [property: JsonPropertyName("nextToken")] string? NextToken);

public sealed record GetExecutionHistoryRequest(
    [property: JsonPropertyName("executionArn")] string ExecutionArn,
    [property: JsonPropertyName("maxResults")] int? MaxResults = null,
    [property: JsonPropertyName("nextToken")] string? NextToken = null,
    [property: JsonPropertyName("reverseOrder")] bool ReverseOrder = false,
    [property: JsonPropertyName("includeExecutionData")] bool IncludeExecutionData = true);

/// <summary>One history event. Only the common fields are typed; details stay as raw JSON.</summary>
public sealed class HistoryEvent
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("previousEventId")]
    public long PreviousEventId { get; set; }

    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; set; }

    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary>The type-specific details object (e.g. stateEnteredEventDetails), by its property name.</summary>
    [JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Details { get; set; }
}

public sealed record GetExecutionHistoryResponse(
    [property: JsonPropertyName("events")] IReadOnlyList<HistoryEvent> Events,
    [property: JsonPropertyName("nextToken")] string? NextToken);

public sealed record CreateStateMachineRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("definition")] string Definition,
    [property: JsonPropertyName("roleArn")] string RoleArn,
    [property: JsonPropertyName("type")] string Type = "STANDARD");

public sealed record CreateStateMachineResponse(
    [property: JsonPropertyName("stateMachineArn")] string StateMachineArn,
    [property: JsonPropertyName("creationDate")] DateTimeOffset CreationDate);

public sealed record UpdateStateMachineRequest(
    [property: JsonPropertyName("stateMachineArn")] string StateMachineArn,
    [property: JsonPropertyName("definition")] string? Definition);

public sealed record UpdateStateMachineResponse(
    [property: JsonPropertyName("updateDate")] DateTimeOffset UpdateDate);

/// <summary>The error body of the JSON 1.0 protocol.</summary>
internal sealed record ErrorBody(
    [property: JsonPropertyName("__type")] string? Type,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("Message")] string? MessageUpper);
