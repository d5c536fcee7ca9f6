using Microsoft.Extensions.Logging;

namespace Vaultflow.Core.Storage;

internal static partial class RecordStoreLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Persisted record {RecordId} for idempotency key {IdempotencyKey} (execution {ExecutionName})")]
    public static partial void RecordInserted(this ILogger logger, Guid recordId, string idempotencyKey, string? executionName);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Record {RecordId} already existed for idempotency key {IdempotencyKey}; duplicate persist from execution {ExecutionName} returned it")]
    public static partial void RecordExisted(this ILogger logger, Guid recordId, string idempotencyKey, string? executionName);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Record for idempotency key {IdempotencyKey} conflicted but was not visible (round {Round}); trying again")]
    public static partial void RecordVanished(this ILogger logger, string idempotencyKey, int round);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Recorded failure {FailureId}: {Reason} ({ErrorType}) for idempotency key {IdempotencyKey}, message {SourceMessageId}, execution {ExecutionName}")]
    public static partial void FailureRecorded(this ILogger logger, long failureId, string reason, string? errorType, string? idempotencyKey, string? sourceMessageId, string? executionName);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Debug, Message = "First attempt of step {Step} wrote nothing: idempotency key {IdempotencyKey} already has a record (execution {ExecutionName}); the caller claims the step first")]
    public static partial void FirstAttemptFoundRecord(this ILogger logger, string idempotencyKey, string step, string? executionName);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Debug, Message = "First attempt of step {Step} wrote nothing: idempotency key {IdempotencyKey} already has a ledger row (execution {ExecutionName}); the caller claims the step first")]
    public static partial void FirstAttemptFoundStep(this ILogger logger, string idempotencyKey, string step, string? executionName);
}
