using System.Diagnostics;
using System.Text.Json;
using Vaultflow.Core.Configuration;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Reindex;

namespace Vaultflow.IntegrationTests.Cli;

/// <summary>
/// A blind-index key rotation through the CLI on the real PostgreSQL: search with the previous key
/// while rows are still under it, `vaultflow reindex` (in-process and as a process, as the owner role),
/// then search with the new key alone.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReindexCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Rotation_PreviousKeyThenReindex_FindsOldRowsThroughoutAndNeverAColliderAndReindexIsIdempotent()
    {
        await using var db = await RotationDatabase.CreateAsync(postgres);
        var run = Guid.NewGuid().ToString("N")[..8];
        var ada = $"ada-{run}@example.com";
        var adaId = await db.AddAsync(ada, db.OldIndex(ada));

        // Grace's row carries Ada's old index: a collision, which the decryption check must keep out.
        var graceId = await db.AddAsync($"grace-{run}@example.com", db.OldIndex(ada), name: "Grace Hopper");
        for (var i = 0; i < 3; i++)
        {
            await db.AddAsync($"u{i}-{run}@example.com", db.OldIndex($"u{i}-{run}@example.com"));
        }

        await db.AddAsync(null, null);
        using var state = RotationState.Create(db);
        var rotating = new Dictionary<string, string> { [SettingNames.BlindIndexPreviousKey] = Convert.ToBase64String(db.OldKey) };

        var before = await db.IndexesAsync();
        var newKeyOnly = await state.RunAsync(null, "get", "--search", "email=" + ada, "--json");
        var withPrevious = await state.RunAsync(rotating, "get", "--search", "email=" + ada, "--json");
        var dryRun = await state.RunAsync(null, "reindex", "--connection-string", db.Database.OwnerConnectionString, "--dry-run", "--json");
        var afterDryRun = await db.IndexesAsync();
        var partial = await state.RunAsync(null, "reindex", "--connection-string", db.Database.OwnerConnectionString, "--batch-size", "1", "--max", "2", "--json");
        var duringReindex = await state.RunAsync(rotating, "get", "--search", "email=" + ada, "--json");
        var rest = await state.RunProcessAsync("reindex", "--connection-string", db.Database.OwnerConnectionString, "--batch-size", "2");
        var again = await state.RunAsync(null, "reindex", "--connection-string", db.Database.OwnerConnectionString, "--json");
        var afterRotation = await state.RunAsync(null, "get", "--search", "email=" + ada, "--json");

        Assert.Equal(1, newKeyOnly.ExitCode);
        Assert.Equal([adaId], FoundIds(withPrevious));
        Assert.Equal((6L, 5L, 1L, 1L, 0L), Counts(dryRun));
        Assert.Equal(before, afterDryRun);
        Assert.Equal((2L, 2L, 0L, 0L, 0L), Counts(partial));
        Assert.Contains("stopped after --max 2 rows", partial.Err, StringComparison.Ordinal);
        Assert.Equal([adaId], FoundIds(duringReindex));
        Assert.True(rest.ExitCode == 0, rest.Err);
        Assert.Contains("progress:", rest.Err, StringComparison.Ordinal);
        Assert.Matches(@"updated\s+3", rest.Out);
        Assert.Equal((6L, 0L, 6L, 1L, 0L), Counts(again));
        Assert.Equal([adaId], FoundIds(afterRotation));
        var indexes = await db.IndexesAsync();
        Assert.Equal(db.NewIndex(ada), indexes[adaId]);
        Assert.Equal(db.NewIndex($"grace-{run}@example.com"), indexes[graceId]);
        foreach (var output in new[] { dryRun, partial, rest, again })
        {
            Assert.DoesNotContain(run, output.Out + output.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("Lovelace", output.Out + output.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("Hopper", output.Out + output.Err, StringComparison.Ordinal);
        }

        Assert.False(await db.HoldsPlaintextAsync(ada));
        Assert.False(await db.HoldsPlaintextAsync("Grace Hopper"));
    }

    [Fact]
    public async Task Reindex_DefaultOwnerConnectionAndARowThatDoesNotDecrypt_ListsItUpdatesTheRestAndExits1()
    {
        await using var db = await RotationDatabase.CreateAsync(postgres);
        var first = await db.AddAsync("first@example.com", db.OldIndex("first@example.com"));
        var broken = await db.AddUndecryptableAsync(db.OldIndex("broken@example.com"));
        var last = await db.AddAsync("last@example.com", db.OldIndex("last@example.com"));
        using var state = RotationState.Create(db);
        state.UsePostgresJson(postgres.Config);

        var result = await state.RunAsync(null, "reindex", "--batch-size", "1");
        var indexes = await db.IndexesAsync();

        Assert.True(result.ExitCode == 1, result.Out + result.Err);
        Assert.Contains($"record {broken} could not be decrypted", result.Err, StringComparison.Ordinal);
        Assert.Matches(@"failed to decrypt\s+1", result.Out);
        Assert.Matches(@"updated\s+2", result.Out);
        Assert.Equal(db.NewIndex("first@example.com"), indexes[first]);
        Assert.Equal(db.NewIndex("last@example.com"), indexes[last]);
        Assert.Equal(db.OldIndex("broken@example.com"), indexes[broken]);
    }

    [Fact]
    public async Task Reindex_AsTheAppRole_FailsBecauseTheAppRoleMayNotUpdateRecords()
    {
        await using var db = await RotationDatabase.CreateAsync(postgres);
        var id = await db.AddAsync("a@example.com", db.OldIndex("a@example.com"));
        using var state = RotationState.Create(db);

        var result = await state.RunAsync(null, "reindex", "--connection-string", db.Database.AppConnectionString);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("permission denied", result.Err, StringComparison.Ordinal);
        Assert.Equal(db.OldIndex("a@example.com"), (await db.IndexesAsync())[id]);
    }

    [Theory]
    [InlineData("--batch-size", "0")]
    [InlineData("--batch-size", "10001")]
    [InlineData("--max", "0")]
    public async Task Reindex_OutOfRangeOption_IsAUsageError(string option, string value)
    {
        await using var db = await RotationDatabase.CreateAsync(postgres);
        using var state = RotationState.Create(db);

        var result = await state.RunAsync(null, "reindex", "--connection-string", db.Database.OwnerConnectionString, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Err, StringComparison.Ordinal);
    }

    private static List<Guid> FoundIds(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Err);
        using var document = JsonDocument.Parse(run.Out);
        return [.. document.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("recordId").GetGuid())];
    }

    private static (long Scanned, long Updated, long Unchanged, long NoEmail, long Failed) Counts(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Err);
        using var document = JsonDocument.Parse(run.Out);
        var root = document.RootElement;
        return (root.GetProperty("scanned").GetInt64(), root.GetProperty("updated").GetInt64(), root.GetProperty("unchanged").GetInt64(), root.GetProperty("noEmail").GetInt64(), root.GetProperty("failedToDecrypt").GetInt64());
    }

    /// <summary>A state directory whose local.json names the app connection, the raw key and the NEW blind-index key.</summary>
    private sealed class RotationState : IDisposable
    {
        private readonly Dictionary<string, string> _local;

        private RotationState(string dir, Dictionary<string, string> local)
        {
            Dir = dir;
            _local = local;
            Write();
        }

        public string Dir { get; }

        public static RotationState Create(RotationDatabase db) => new(Directory.CreateTempSubdirectory("vaultflow-reindex-").FullName, new Dictionary<string, string>
        {
            ["region"] = "us-east-1",
            ["postgres"] = db.Database.AppConnectionString,
            ["database"] = db.Database.Name,
            ["rawKey"] = Convert.ToBase64String(db.RawKey),
            ["blindIndexKey"] = Convert.ToBase64String(db.NewKey),
        });

        /// <summary>Writes postgres.json as scripts/setup does, so reindex finds the owner connection without --connection-string.</summary>
        public void UsePostgresJson(PostgresConfig config) => File.WriteAllText(
            Path.Combine(Dir, "postgres.json"),
            JsonSerializer.Serialize(new Dictionary<string, string> { ["ownerConnectionString"] = config.OwnerConnectionString, ["appUser"] = config.AppUser }));

        public async Task<CliRun> RunAsync(Dictionary<string, string>? environment, params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var variables = new Dictionary<string, string>(environment ?? []) { ["VAULTFLOW_STATE_DIR"] = Dir };
            var host = new Vaultflow.Cli.Configuration.CliHost(new DictionaryEnvironmentVariables(variables), Dir, TextReader.Null, Interactive: false);
            var code = await Vaultflow.Cli.Program.RunAsync(args, output, error, host);
            return new CliRun(code, output.ToString(), error.ToString());
        }

        /// <summary>Runs <c>dotnet vaultflow.dll</c> as a child process against this state directory.</summary>
        public async Task<CliRun> RunProcessAsync(params string[] args)
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "vaultflow.dll"), .. args])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Dir,
            };
            start.Environment["VAULTFLOW_STATE_DIR"] = Dir;
            start.Environment["CI"] = "true";
            start.Environment.Remove(SettingNames.BlindIndexKey);
            start.Environment.Remove(SettingNames.BlindIndexPreviousKey);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return new CliRun(process.ExitCode, await stdout, await stderr);
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Dir, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }

        private void Write() => File.WriteAllText(Path.Combine(Dir, "local.json"), JsonSerializer.Serialize(_local));
    }
}
