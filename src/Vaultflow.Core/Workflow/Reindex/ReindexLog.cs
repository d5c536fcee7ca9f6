using Microsoft.Extensions.Logging;

namespace Vaultflow.Core.Workflow.Reindex;

/// <summary>The re-index's log lines: ids, counts and reason codes only, never plaintext or indexes of plaintext.</summary>
internal static partial class ReindexLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Reindex: record {RecordId} could not be read ({Reason}); its index is left as it was")]
    public static partial void RowFailed(ILogger logger, Guid recordId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reindex: page done: {Scanned} scanned, {Updated} updated, {Unchanged} unchanged, {Failed} failed (dry run: {DryRun})")]
    public static partial void PageDone(ILogger logger, long scanned, long updated, long unchanged, long failed, bool dryRun);
}
