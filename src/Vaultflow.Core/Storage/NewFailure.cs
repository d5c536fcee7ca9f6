namespace Vaultflow.Core.Storage;

/// <summary>A message routed to the dead-letter queue, kept for operators (RouteFailure writes it).</summary>
/// <param name="Reason">Stable reason code, e.g. <c>invalid-message</c>, <c>recursion-guard</c>.</param>
/// <param name="Cause">The workflow's error cause; never plaintext message data.</param>
public sealed record NewFailure(
    string Reason,
    string? IdempotencyKey,
    string? SourceMessageId,
    string? ErrorType,
    string? Cause,
    string? ExecutionName);
