using System.Text.Json;
using Vaultflow.Cli;
using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Configuration;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Cli;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_TwiceOnAFreshDatabase_AppliesOnceThenNothing()
    {
        var config = PostgresConfig.Load();
        await using var database = await TestDatabase.CreateAsync(config);
        var stateDir = Directory.CreateTempSubdirectory("vaultflow-migrate-").FullName;
        try
        {
            // The default path: postgres.json's owner connection, pointed at local.json's database.
            await File.WriteAllTextAsync(Path.Combine(stateDir, "postgres.json"), JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["ownerConnectionString"] = config.OwnerConnectionString,
                ["appConnectionString"] = config.AppConnectionString,
                ["appUser"] = config.AppUser,
            }));
            await File.WriteAllTextAsync(Path.Combine(stateDir, "local.json"), JsonSerializer.Serialize(new Dictionary<string, string> { ["region"] = "us-east-1", ["database"] = database.Name }));

            var first = await RunAsync(stateDir, "migrate");
            var second = await RunAsync(stateDir, "migrate");

            Assert.True(first.ExitCode == 0, first.Err);
            Assert.Contains("applied 0001_", first.Out, StringComparison.Ordinal);
            Assert.Matches(@"^[1-9]\d* applied, 0 already applied", first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
            Assert.Equal(0, second.ExitCode);
            Assert.Matches(@"^0 applied, [1-9]\d* already applied", second.Out.Trim());
            await using var count = database.Owner.CreateCommand("SELECT count(*) FROM schema_migrations");
            Assert.True((long)(await count.ExecuteScalarAsync())! >= 1);
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    [Fact]
    public async Task Migrate_UnreachableServer_FailsWithOneLine()
    {
        var run = await RunAsync(Path.GetTempPath(), "migrate", "--connection-string", "Host=127.0.0.1;Port=9;Database=x;Username=u;Password=p;Timeout=2");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("scripts/setup", line, StringComparison.Ordinal);
    }

    private static async Task<CliRun> RunAsync(string stateDir, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var host = new CliHost(new DictionaryEnvironmentVariables(new Dictionary<string, string> { ["VAULTFLOW_STATE_DIR"] = stateDir }), stateDir, TextReader.Null, Interactive: false);
        var code = await Vaultflow.Cli.Program.RunAsync(args, output, error, host);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
