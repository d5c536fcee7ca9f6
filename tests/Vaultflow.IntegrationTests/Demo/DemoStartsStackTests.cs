using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.LocalStack;
using Vaultflow.IntegrationTests.Support;

namespace Vaultflow.IntegrationTests.Demo;

/// <summary>`vaultflow demo` with no stack running: it starts `local up` itself (free ports, fresh database) and stops it.</summary>
public sealed class DemoStartsStackTests : IAsyncLifetime
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("vaultflow-demo-").FullName;
    private readonly string _database = "vaultflow_demo_" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Demo_NoStackRunning_StartsOwnStackPassesAndStopsIt()
    {
        var result = await CliProcess.RunAsync(
            "dotnet",
            [LocalStackProcess.CliPath, "demo", "--json", "--ports-from", "0", "--database", _database, "--timeout", "150"],
            new Dictionary<string, string>
            {
                ["VAULTFLOW_STATE_DIR"] = _stateDirectory,
                ["VAULTFLOW_ROOT"] = RepoRoot.Path,
                [PostgresConfig.ConfigVariable] = PostgresConfigPath(),
                ["CI"] = "true",
            },
            TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("startedStack").GetBoolean());
        Assert.True(json.RootElement.GetProperty("ok").GetBoolean());

        // A fresh stack: the only letter at the replay limit is the one the demo parked, and the guard refuses it.
        var refusal = Assert.Single(json.RootElement.GetProperty("replay").GetProperty("refusals").EnumerateArray());
        Assert.Equal("dlq/at-replay-limit.json", refusal.GetProperty("source").GetString());
        Assert.Equal("recursion-guard", refusal.GetProperty("refusal").GetString());
        var pid = json.RootElement.GetProperty("stackProcessId").GetInt32();
        Assert.False(IsRunning(pid), $"the stack the demo started (pid {pid}) is still running");
        Assert.False(File.Exists(Path.Combine(_stateDirectory, "local.json")), "local.json outlived the stack");
        Assert.Contains(LocalStackProcess.ReadyPrefix, await File.ReadAllTextAsync(Path.Combine(_stateDirectory, "local-up.log")));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await using var maintenance = NpgsqlDataSource.Create(PostgresConfig.Load().OwnerConnectionString);
        // The name is generated above from hex digits only, so it is safe as an identifier.
        await using var drop = maintenance.CreateCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string PostgresConfigPath() =>
        Environment.GetEnvironmentVariable(PostgresConfig.ConfigVariable) is { Length: > 0 } path
            ? path
            : RepoRoot.Combine(".vaultflow", "postgres.json");
}
