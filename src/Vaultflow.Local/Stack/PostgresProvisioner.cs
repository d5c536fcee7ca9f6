using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Vaultflow.Core.Storage.Migrations;

namespace Vaultflow.Local.Stack;

/// <summary>
/// The project's PostgreSQL cluster: started through scripts/lib/postgres.sh when it is not up, then the
/// stack's database is created (as the owner role) and migrated. Returns the app role's connection string.
/// </summary>
internal static partial class PostgresProvisioner
{
    public static async Task<string> ProvisionAsync(LocalStackOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (!DatabaseName().IsMatch(options.Database))
        {
            throw new LocalStackException($"--database '{options.Database}' is not a plain PostgreSQL name: use lowercase letters, digits and _ (at most 63, not starting with a digit).");
        }

        var (owner, app, appUser) = ReadConfig(options.PostgresConfig);
        if (!await IsUpAsync(owner, cancellationToken).ConfigureAwait(false))
        {
            StackLog.Step(logger, "postgres", "not running; starting it with scripts/lib/postgres.sh");
            await StartClusterAsync(options, Path.GetDirectoryName(options.PostgresConfig)!, cancellationToken).ConfigureAwait(false);
        }

        await using (var maintenance = NpgsqlDataSource.Create(owner))
        {
            await using var exists = maintenance.CreateCommand("SELECT 1 FROM pg_database WHERE datname = $1");
            exists.Parameters.Add(new NpgsqlParameter { Value = options.Database });
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                // The name matched DatabaseName() above, so it is safe as an identifier.
                await using var create = maintenance.CreateCommand("CREATE DATABASE " + options.Database);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                StackLog.Step(logger, "postgres", $"created database {options.Database}");
            }
        }

        var ownerForDatabase = WithDatabase(owner, options.Database);
        await using (var ownerSource = NpgsqlDataSource.Create(ownerForDatabase))
        {
            var runner = new MigrationRunner(ownerSource, new MigrationOptions { AppRole = appUser }, options.LoggerFactory?.CreateLogger<MigrationRunner>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<MigrationRunner>.Instance);
            await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        }

        return WithDatabase(app, options.Database);
    }

    private static (string Owner, string App, string AppUser) ReadConfig(string path)
    {
        if (!File.Exists(path))
        {
            throw new LocalStackException($"{path} is missing: run scripts/setup (it starts the project's PostgreSQL cluster and writes the connection settings).");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        string Required(string name) =>
            root.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
                ? text
                : throw new LocalStackException($"{path} has no '{name}': run scripts/setup again to rewrite it.");
        var appUser = root.TryGetProperty("appUser", out var user) ? user.GetString() ?? MigrationOptions.DefaultAppRole : MigrationOptions.DefaultAppRole;
        return (Required("ownerConnectionString"), Required("appConnectionString"), appUser);
    }

    private static async Task<bool> IsUpAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await client.ConnectAsync(builder.Host ?? "127.0.0.1", builder.Port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task StartClusterAsync(LocalStackOptions options, string pgStateDirectory, CancellationToken cancellationToken)
    {
        var lib = Path.Combine(options.RepoRoot, "scripts", "lib");
        var start = new ProcessStartInfo("bash", ["-c", "source \"$1/common.sh\" && source \"$1/postgres.sh\" && vf_pg_start", "vf", lib])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // postgres.sh keeps the cluster's home next to postgres.json, whatever the stack's own state dir is.
        start.Environment["VAULTFLOW_STATE_DIR"] = pgStateDirectory;
        using var process = Process.Start(start) ?? throw new LocalStackException("could not run bash to start PostgreSQL.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StepTimeout + TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new LocalStackException($"PostgreSQL is not running and scripts/lib/postgres.sh vf_pg_start failed (exit {process.ExitCode}): {(await stderr.ConfigureAwait(false)).Trim()} {(await stdout.ConfigureAwait(false)).Trim()}. Run scripts/setup, then try again.");
        }
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
