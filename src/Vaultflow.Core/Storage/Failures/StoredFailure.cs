namespace Vaultflow.Core.Storage.Failures;

/// <summary>A row of <c>failures</c> (RouteFailure writes them; never message content).</summary>
/// <param name="ResolvedAt">
/// For a <c>dlq-refused</c> row: when a later row of the same execution with another reason was written,
/// i.e. a redrive parked the message in the DLQ. Null otherwise.
/// </param>
public sealed record StoredFailure(
    long Id,
    string Reason,
    string? ExecutionName,
    string? IdempotencyKey,
    string? SourceMessageId,
    string? ErrorType,
    string? Cause,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt);
