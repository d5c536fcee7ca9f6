using Microsoft.Extensions.Logging;

namespace Vaultflow.Core.Storage.Migrations;

internal static partial class MigrationLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Waiting for the migration lock {LockKey}")]
    public static partial void WaitingForLock(this ILogger logger, long lockKey);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Applying migration {Migration} (checksum {Checksum})")]
    public static partial void ApplyingMigration(this ILogger logger, string migration, string checksum);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Applied migration {Migration}")]
    public static partial void AppliedMigration(this ILogger logger, string migration);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Migrations done: {AppliedCount} applied now, {AlreadyAppliedCount} already applied")]
    public static partial void MigrationsDone(this ILogger logger, int appliedCount, int alreadyAppliedCount);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "The database has migration {Version} ({Name}) that this build does not know; a newer deployment probably applied it")]
    public static partial void UnknownMigrationApplied(this ILogger logger, int version, string name);
}
