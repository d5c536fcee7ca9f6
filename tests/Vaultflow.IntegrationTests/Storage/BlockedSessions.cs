using Npgsql;

namespace Vaultflow.IntegrationTests.Storage;

/// <summary>
/// Real sessions that a test holds mid-way: a data source per claimant (named by application_name, so
/// pg_stat_activity can tell them apart) and a holder transaction that keeps a ledger row uncommitted.
/// </summary>
internal static class BlockedSessions
{
    public static NpgsqlDataSource NamedDataSource(string appConnectionString, string applicationName) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(appConnectionString) { ApplicationName = applicationName }.ConnectionString);

    /// <summary>Opens a transaction that has inserted the step's ledger row (in progress) and not committed.</summary>
    public static async Task<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> HoldLedgerRowAsync(NpgsqlDataSource app, string key, string step)
    {
        var connection = await app.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO idempotency_steps (idempotency_key, step, status, owner_request_id, lease_expires_at)
            VALUES (@key, @step, 'in_progress', 'req-holder', now() + interval '5 minutes')
            """, connection, transaction);
        insert.Parameters.AddWithValue("key", key);
        insert.Parameters.AddWithValue("step", step);
        await insert.ExecuteNonQueryAsync();
        return (connection, transaction);
    }

    /// <summary>
    /// Waits (bounded) until the session named <paramref name="applicationName"/> waits on a lock, and returns
    /// its backend pid. Read as the app role: pg_stat_activity shows wait events of the reader's own role.
    /// </summary>
    public static async Task<int> WaitUntilBlockedAsync(NpgsqlDataSource app, string applicationName)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using (var command = app.CreateCommand(
                "SELECT pid FROM pg_stat_activity WHERE application_name = @name AND wait_event_type = 'Lock'"))
            {
                command.Parameters.AddWithValue("name", applicationName);
                if (await command.ExecuteScalarAsync() is int pid)
                {
                    return pid;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Session '{applicationName}' never waited on a lock within 30 s.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The sessions <paramref name="pid"/> is waiting for (pg_blocking_pids).</summary>
    public static async Task<int[]> BlockingPidsAsync(NpgsqlDataSource app, int pid)
    {
        await using var command = app.CreateCommand("SELECT pg_blocking_pids(@pid)");
        command.Parameters.AddWithValue("pid", pid);
        return (int[])(await command.ExecuteScalarAsync())!;
    }
}
