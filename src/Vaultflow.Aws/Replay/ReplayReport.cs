namespace Vaultflow.Aws.Replay;

/// <summary>A message copied to the ingest queue (or, in a dry run, that would be).</summary>
/// <param name="DlqMessageId">The message id in the DLQ.</param>
/// <param name="NewMessageId">The copy's message id on the ingest queue; null in a dry run.</param>
/// <param name="FailureReason">Its vf-failure code.</param>
/// <param name="ReplayCount">The copy's vf-replay-count.</param>
/// <param name="Hops">The copy's vf-hops.</param>
/// <param name="Forced">Moved with a fresh budget (--force).</param>
public sealed record ReplayMove(string DlqMessageId, string? NewMessageId, string FailureReason, int ReplayCount, int Hops, bool Forced);

/// <summary>A message the guard refused: it stays in the DLQ.</summary>
public sealed record ReplayRefusal(string DlqMessageId, string FailureReason, string RefusalReason, string Detail);

/// <summary>A message that could not be moved; <see cref="CopySent"/> tells whether a copy already reached the ingest queue.</summary>
public sealed record ReplayFailure(string DlqMessageId, string FailureReason, string Error, bool CopySent);

/// <summary>The outcome of a run.</summary>
public sealed record ReplayReport(
    bool DryRun,
    IReadOnlyList<ReplayMove> Moved,
    IReadOnlyList<ReplayRefusal> Refused,
    IReadOnlyList<ReplayFailure> Failed,
    int Skipped,
    bool StoppedAtMax,
    bool ReceiveLimitReached)
{
    public bool HasFailures => Failed.Count > 0;
}
