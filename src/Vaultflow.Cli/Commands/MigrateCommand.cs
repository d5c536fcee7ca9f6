using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Storage.Migrations;

namespace Vaultflow.Cli.Commands;

/// <summary><c>vaultflow migrate</c>: brings the database schema up to date, as the owner role. Idempotent.</summary>
internal static class MigrateCommand
{
    private const string Help = """

        Default connection: .vaultflow/postgres.json's ownerConnectionString (written by scripts/setup),
        pointed at the database named in .vaultflow/local.json ("database"), else "vaultflow".
        Migrations run under an advisory lock, each in its own transaction; running it again applies nothing.

        Examples:
          vaultflow migrate
          vaultflow migrate --connection-string "Host=db;Database=vaultflow;Username=vaultflow_owner;Password=..." --app-role vaultflow_app
        """;

    public static Command Create(CliHost host)
    {
        var connection = new Option<string?>("--connection-string") { Description = "Npgsql connection string of the schema owner role." };
        var appRole = new Option<string?>("--app-role") { Description = "The role that gets the app's grants (default: postgres.json appUser, else vaultflow_app)." };
        var command = new Command("migrate", "Apply the database migrations as the owner role; prints what was applied." + Help) { connection, appRole };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, host, async (output, token) =>
        {
            var (connectionString, defaultRole, source) = Resolve(host, parse.GetValue(connection));
            var options = new MigrationOptions { AppRole = parse.GetValue(appRole) ?? defaultRole };
            await using var dataSource = VaultflowDatabase.CreateDataSource(new VaultflowDatabaseOptions(connectionString) { ApplicationName = "vaultflow-migrate" });
            MigrationResult result;
            try
            {
                result = await new MigrationRunner(dataSource, options, NullLogger<MigrationRunner>.Instance).RunAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TransientException)
            {
                var database = new NpgsqlConnectionStringBuilder(connectionString);
                output.Fail($"could not migrate {database.Database} on {database.Host}:{database.Port} ({ex.Message}): check that PostgreSQL runs (scripts/setup starts the local cluster) and the connection string from {source}");
                return ExitCodes.Failure;
            }

            foreach (var migration in result.Applied)
            {
                output.Line($"applied {migration.Version:0000}_{migration.Name}");
            }

            output.Line($"{result.Applied.Count} applied, {result.AlreadyApplied} already applied");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary>The owner connection string, the default app role, and where they came from.</summary>
    internal static (string ConnectionString, string AppRole, string Source) Resolve(CliHost host, string? explicitConnection)
    {
        if (explicitConnection is not null)
        {
            return (explicitConnection, MigrationOptions.DefaultAppRole, "--connection-string");
        }

        var stateDir = StackResolver.FindStateDirectory(host);
        var file = stateDir is null ? null : Path.Combine(stateDir, PostgresSettingsFile.FileName);
        if (file is null || !File.Exists(file))
        {
            throw new ConfigurationException("--connection-string", "no database configured: run scripts/setup (it writes .vaultflow/postgres.json), or pass --connection-string with the owner role's connection string");
        }

        var settings = PostgresSettingsFile.Read(file);
        var localFile = Path.Combine(stateDir!, LocalStackFile.FileName);
        var database = File.Exists(localFile) && LocalStackFile.Read(localFile).TryGetValue(StackVariables.DatabaseName, out var name) ? name : "vaultflow";
        return (PostgresSettingsFile.WithDatabase(settings.OwnerConnectionString, database), settings.AppUser, file);
    }
}
