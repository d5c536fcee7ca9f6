using System.Net.Sockets;
using Npgsql;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Storage;

/// <summary>
/// Decides which database failures are worth retrying and turns them into
/// <see cref="TransientException"/> (ErrorType <c>Vaultflow.Transient</c>, which the ASL retries).
/// Everything else (constraint violations, permissions, bad SQL) propagates unchanged.
/// </summary>
internal static class DbErrors
{
    // Retryable even where Npgsql's own IsTransient says otherwise. A statement timeout (57014) is
    // deliberately absent: the same query would most likely time out again.
    private static readonly HashSet<string> TransientSqlStates = new(StringComparer.Ordinal)
    {
        PostgresErrorCodes.SerializationFailure,
        PostgresErrorCodes.DeadlockDetected,
        PostgresErrorCodes.AdminShutdown,
        PostgresErrorCodes.CrashShutdown,
        PostgresErrorCodes.CannotConnectNow,
        PostgresErrorCodes.TooManyConnections,
        PostgresErrorCodes.LockNotAvailable,
    };

    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException pg => pg.IsTransient
            || TransientSqlStates.Contains(pg.SqlState)
            || pg.SqlState.StartsWith("08", StringComparison.Ordinal), // class 08: connection exception
        NpgsqlException npgsql => npgsql.IsTransient
            || npgsql.InnerException is IOException or SocketException or TimeoutException,
        _ => false,
    };

    /// <param name="operation">What was being done, e.g. "persisting the record for idempotency key 'k'".</param>
    public static TransientException ToTransient(Exception exception, string operation)
    {
        var detail = exception is PostgresException pg
            ? $"SqlState {pg.SqlState}: {pg.MessageText}"
            : exception.InnerException is { } inner
                ? $"{exception.Message} ({inner.GetType().Name}: {inner.Message})"
                : exception.Message;
        return new TransientException(
            $"PostgreSQL failed transiently while {operation}: {detail}. Vaultflow's writes are idempotent, so retrying the step is safe.",
            exception);
    }
}
