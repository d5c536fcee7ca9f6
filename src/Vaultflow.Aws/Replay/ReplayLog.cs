using Microsoft.Extensions.Logging;

namespace Vaultflow.Aws.Replay;

internal static partial class ReplayLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "FORCED replay of DLQ message {MessageId} (vf-failure {FailureReason}): the recursion guard's counts are reset (was replay {PreviousReplays}, hops {PreviousHops}); the copy starts a fresh replay budget")]
    public static partial void ForcedReplay(this ILogger logger, string messageId, string failureReason, int previousReplays, int previousHops);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed DLQ message {MessageId} as {NewMessageId} (replay {ReplayCount}, hops {Hops})")]
    public static partial void Moved(this ILogger logger, string messageId, string newMessageId, int replayCount, int hops);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay refused DLQ message {MessageId}: {RefusalReason}")]
    public static partial void Refused(this ILogger logger, string messageId, string refusalReason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replay failed for DLQ message {MessageId} (copy sent: {CopySent}): {Error}")]
    public static partial void Failed(this ILogger logger, string messageId, bool copySent, string error);
}
