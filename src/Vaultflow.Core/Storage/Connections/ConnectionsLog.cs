using Microsoft.Extensions.Logging;

namespace Vaultflow.Core.Storage.Connections;

/// <summary>Log lines of <see cref="RotatingDatabaseConnections"/>. They name the source, never the value.</summary>
internal static partial class ConnectionsLog
{
    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Built database data source {Generation} from {Source}: {Reason}")]
    public static partial void DataSourceBuilt(this ILogger logger, string source, int generation, string reason);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "PostgreSQL refused the credentials from {Source} (SqlState {SqlState}, data source {Generation}); reading the secret afresh and retrying once")]
    public static partial void CredentialsRefused(this ILogger logger, string source, string sqlState, int generation);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "{Source} returned the same credentials after a refresh (data source {Generation}); retrying the open once with them")]
    public static partial void CredentialsUnchanged(this ILogger logger, string source, int generation);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Could not re-read {Source} ({ErrorType}); keeping data source {Generation}, whose credentials still work")]
    public static partial void CredentialsUnavailable(this ILogger logger, string source, string errorType, int generation);
}
