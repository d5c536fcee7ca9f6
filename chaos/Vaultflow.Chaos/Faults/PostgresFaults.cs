using System.Diagnostics;
using Npgsql;

namespace Vaultflow.Chaos.Faults;

/// <summary>
/// Kills the app role's connections to the run's database with pg_terminate_backend (as the owner role,
/// which scripts/chaos made a member of pg_signal_backend on the throwaway cluster), and restarts the
/// whole server once through the restart script.
/// </summary>
internal sealed class PostgresFaults(string ownerConnectionString, string database, string appUser, string? restartScript)
{
    public long Terminated { get; private set; }

    public int Rounds { get; private set; }

    public async Task<int> TerminateSomeAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))
            FROM (SELECT pid FROM pg_stat_activity
                  WHERE datname = $1 AND usename = $2 AND pid <> pg_backend_pid()
                  ORDER BY random() LIMIT $3) victims
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        command.Parameters.Add(new NpgsqlParameter { Value = appUser });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        var killed = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        Terminated += killed;
        Rounds++;
        return killed;
    }

    /// <summary>pg_ctl stop (fast: every connection is cut, in-flight transactions roll back), <paramref name="downtime"/>, start.</summary>
    public async Task<string> RestartAsync(TimeSpan downtime, CancellationToken cancellationToken)
    {
        if (restartScript is null)
        {
            return "skipped: the run does not own the server";
        }

        var start = new ProcessStartInfo("bash", [restartScript, ((int)downtime.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run bash for the PostgreSQL restart.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(downtime + TimeSpan.FromSeconds(90));
        var watch = Stopwatch.StartNew();
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0
            ? $"restarted, down {watch.Elapsed.TotalSeconds:0.0} s"
            : $"restart FAILED (exit {process.ExitCode}): {(await errors).Trim()} {(await output).Trim()}";
    }
}
