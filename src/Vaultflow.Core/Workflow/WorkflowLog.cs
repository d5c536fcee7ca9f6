using Microsoft.Extensions.Logging;
using Vaultflow.Core.Idempotency;

namespace Vaultflow.Core.Workflow;

/// <summary>The workflow's log lines (message templates; never plaintext, never key material).</summary>
internal static partial class WorkflowLog
{
    /// <summary>A scope with the ids that matter: aws_request_id, idempotency key, execution name.</summary>
    public static IDisposable? Scope(ILogger logger, string awsRequestId, string? idempotencyKey, string? executionName) =>
        logger.BeginScope(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["aws_request_id"] = awsRequestId,
            ["idempotency_key"] = idempotencyKey,
            ["execution_name"] = executionName,
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Step {Step}: ledger {Outcome}, attempt {Attempt}")]
    public static partial void Claimed(ILogger logger, string step, StepClaimOutcome outcome, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Step {Step} already completed: returning the stored result without doing the work again")]
    public static partial void ReturningStored(ILogger logger, string step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Step {Step} failed on attempt {Attempt} ({ErrorType}); released for a retry")]
    public static partial void Released(ILogger logger, string step, int attempt, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Step {Step} could not be released after a failure; its lease will expire instead")]
    public static partial void ReleaseFailed(ILogger logger, string step, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dedupe: record {RecordId} already exists for this key: duplicate")]
    public static partial void Duplicate(ILogger logger, Guid recordId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dedupe: new message of type {Type} (console input: {IsConsole}, receive count {ReceiveCount}, replay count {ReplayCount})")]
    public static partial void NewMessage(ILogger logger, string type, bool isConsole, int receiveCount, int replayCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Encrypt attempt {Attempt}: bypassing the data-key cache so a bad cached key cannot fail the record again")]
    public static partial void BypassingCache(ILogger logger, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Encrypted record {RecordId} ({Bytes} plaintext bytes) under key {KeyId}; blind index: {HasBlindIndex}")]
    public static partial void Encrypted(ILogger logger, Guid recordId, int bytes, string keyId, bool hasBlindIndex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Persist: the state names record {StateRecordId} but the encrypt ledger holds {LedgerRecordId}; the ledger's ciphertext is bound to its id, so that one is persisted")]
    public static partial void RecordIdMismatch(ILogger logger, Guid stateRecordId, Guid ledgerRecordId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Persisted record {RecordId} (inserted: {Inserted})")]
    public static partial void Persisted(ILogger logger, Guid recordId, bool inserted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routed the failed message to the DLQ as {DlqMessageId}: reason {Reason}, error {Error}, failure row {FailureId}")]
    public static partial void Routed(ILogger logger, string dlqMessageId, string reason, string error, long failureId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starter: {Records} records from a {QueueKind} queue")]
    public static partial void BatchReceived(ILogger logger, int records, string queueKind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starter: batch done: {Started} started, {Duplicates} already existed, {DeadLettered} sent to the DLQ, {Failed} left for redelivery")]
    public static partial void BatchDone(ILogger logger, int started, int duplicates, int deadLettered, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starter: started execution {ExecutionName} (receive count {ReceiveCount})")]
    public static partial void ExecutionStarted(ILogger logger, string executionName, int receiveCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starter: execution {ExecutionName} already exists: duplicate delivery, counted as success (receive count {ReceiveCount})")]
    public static partial void ExecutionExisted(ILogger logger, string executionName, int receiveCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starter: poison message parked in the DLQ as {DlqMessageId} with reason {Reason} (receive count {ReceiveCount})")]
    public static partial void DeadLettered(ILogger logger, string dlqMessageId, string reason, int receiveCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Starter: poison message with reason {Reason} could not be sent to the DLQ; left for redelivery")]
    public static partial void DeadLetterFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starter: could not start the execution (receive count {ReceiveCount}); left for redelivery")]
    public static partial void StartFailed(ILogger logger, int receiveCount, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starter: FIFO batch stopped at the first failure; {Skipped} later records left for redelivery in order")]
    public static partial void FifoStopped(ILogger logger, int skipped);

    [LoggerMessage(Level = LogLevel.Information, Message = "GetRecord: {Candidates} blind-index candidates, {Matches} confirmed by decryption")]
    public static partial void SearchResult(ILogger logger, int candidates, int matches);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RouteFailure: the ledger is unavailable, so the message goes to the DLQ without it (a retry may send it twice; replay dedupes)")]
    public static partial void RoutingWithoutLedger(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DLQ refused the message ({ErrorCode}, {FirstBytes} bytes as first sent): sending it once more in reduced form ({Encoding} body, Vaultflow's attributes only, {ReducedBytes} bytes)")]
    public static partial void DeadLetterFallback(ILogger logger, string errorCode, int firstBytes, string encoding, int reducedBytes);

    [LoggerMessage(Level = LogLevel.Critical, Message = "RouteFailure: the DLQ refused the message for good ({Refusal}, {ErrorCode}); failure row {FailureId} records it as dlq-refused and the execution fails. Fix the DLQ, then redrive the execution")]
    public static partial void DeadLetterRefused(ILogger logger, string refusal, string errorCode, long failureId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RouteFailure: the failure row could not be written (the database is unavailable); the DLQ message carries the reason")]
    public static partial void FailureRowSkipped(ILogger logger, Exception exception);
}
