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

    /// <summary>How many times the execution was redriven (0 when never).</summary>
    [JsonPropertyName("redriveCount")]
    public int RedriveCount { get; init; }

    /// <summary>When the execution was last redriven, or null when never.</summary>
    [JsonPropertyName("redriveDate")]
    public DateTimeOffset? RedriveDate { get; init; }

    /// <summary><see cref="ExecutionRedriveStatus.Redrivable"/> or <see cref="ExecutionRedriveStatus.NotRedrivable"/> (null from endpoints that predate redrive).</summary>
    [JsonPropertyName("redriveStatus")]
    public string? RedriveStatus { get; init; }

    /// <summary>Why the execution cannot be redriven, when <see cref="RedriveStatus"/> is NOT_REDRIVABLE (e.g. "Execution is SUCCEEDED and cannot be redriven.").</summary>
    [JsonPropertyName("redriveStatusReason")]
    public string? RedriveStatusReason { get; init; }
}

/// <summary>The values of <see cref="DescribeExecutionResponse.RedriveStatus"/>.</summary>
public static class ExecutionRedriveStatus
{
    public const string Redrivable = "REDRIVABLE";

    public const string NotRedrivable = "NOT_REDRIVABLE";
}

/// <param name="RedriveFilter">REDRIVEN or NOT_REDRIVEN; null lists both.</param>
public sealed record ListExecutionsRequest(
    [property: JsonPropertyName("stateMachineArn")] string StateMachineArn,
    [property: JsonPropertyName("statusFilter")] string? StatusFilter = null,
    [property: JsonPropertyName("maxResults")] int? MaxResults = null,
    [property: JsonPropertyName("nextToken")] string? NextToken = null,
    [property: JsonPropertyName("redriveFilter")] string? RedriveFilter = null);

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

    [JsonPropertyName("redriveCount")]
    public int RedriveCount { get; init; }

    [JsonPropertyName("redriveDate")]
    public DateTimeOffset? RedriveDate { get; init; }
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

/// <param name="ClientToken">
/// Makes the call idempotent: a repeat with the same token (one of the last 10 successful redrives, for
/// 15 minutes) answers the first redrive's date and redrives nothing. Null: the client generates one per
/// call, so its own retries of that call never redrive twice (as the AWS SDKs do).
/// </param>
public sealed record RedriveExecutionRequest(
    [property: JsonPropertyName("executionArn")] string ExecutionArn,
    [property: JsonPropertyName("clientToken")] string? ClientToken = null);

public sealed record RedriveExecutionResponse(
    [property: JsonPropertyName("redriveDate")] DateTimeOffset RedriveDate);

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
