using Microsoft.Extensions.Logging;

namespace Vaultflow.Core.Idempotency;

internal static partial class LedgerLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Step {Step} claimed for idempotency key {IdempotencyKey} by request {AwsRequestId}, attempt {Attempt}")]
    public static partial void StepClaimed(this ILogger logger, string idempotencyKey, string step, string awsRequestId, int attempt);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Step {Step} resumed for idempotency key {IdempotencyKey} by the same request {AwsRequestId}, attempt {Attempt}")]
    public static partial void StepResumed(this ILogger logger, string idempotencyKey, string step, string awsRequestId, int attempt);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Step {Step} retried for idempotency key {IdempotencyKey} by request {AwsRequestId}, attempt {Attempt}; previous owner {PreviousOwner} {PreviousOutcome}")]
    public static partial void StepRetried(this ILogger logger, string idempotencyKey, string step, string awsRequestId, int attempt, string previousOwner, string previousOutcome);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Step {Step} already completed for idempotency key {IdempotencyKey}; request {AwsRequestId} reuses the stored result of attempt {Attempt}")]
    public static partial void StepAlreadyCompleted(this ILogger logger, string idempotencyKey, string step, string awsRequestId, int attempt);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Step {Step} for idempotency key {IdempotencyKey} is in progress under request {Owner} until {LeaseExpiresAt}; request {AwsRequestId} must retry later")]
    public static partial void StepBusy(this ILogger logger, string idempotencyKey, string step, string awsRequestId, string owner, DateTimeOffset leaseExpiresAt);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information, Message = "Step {Step} completed for idempotency key {IdempotencyKey} by request {AwsRequestId}, attempt {Attempt}")]
    public static partial void StepCompleted(this ILogger logger, string idempotencyKey, string step, string awsRequestId, int attempt);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "Step {Step} failed for idempotency key {IdempotencyKey} in request {AwsRequestId}, attempt {Attempt}: {ErrorType}")]
    public static partial void StepFailed(this ILogger logger, string idempotencyKey, string step, string awsRequestId, int attempt, string errorType);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Warning, Message = "Request {AwsRequestId} no longer owns step {Step} for idempotency key {IdempotencyKey}; its failure ({ErrorType}) was not recorded")]
    public static partial void StaleFail(this ILogger logger, string idempotencyKey, string step, string awsRequestId, string errorType);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Warning, Message = "Ledger row for step {Step} of idempotency key {IdempotencyKey} vanished between insert and lock (round {Round}); trying again")]
    public static partial void InconsistentState(this ILogger logger, string idempotencyKey, string step, int round);
}
