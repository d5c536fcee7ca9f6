using System.Text.Json;
using Npgsql;
using Vaultflow.Aws.Replay;
using Vaultflow.IntegrationTests.LocalStack;
using Vaultflow.IntegrationTests.Support;

namespace Vaultflow.IntegrationTests.Demo;

/// <summary>`vaultflow demo` as a process against a running local stack; its --json output checked against the database and the DLQ.</summary>
[Collection(DemoStackCollection.Name)]
public sealed class DemoCommandTests(DemoStackFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Demo_RunningStack_ExitsZeroAndJsonMatchesDatabaseAndDlq()
    {
        var result = await RunDemoAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.False(root.GetProperty("startedStack").GetBoolean());
        var messages = root.GetProperty("messages").EnumerateArray().ToList();
        Assert.All(messages, m => Assert.True(m.GetProperty("matches").GetBoolean(), m.ToString()));

        // Records: one row per idempotency key, the id the demo printed; "persisted" is the message that wrote it.
        var stored = messages.Where(m => m.GetProperty("outcome").GetString() is "persisted" or "duplicate").ToList();
        Assert.Equal(8, stored.Count(m => m.GetProperty("outcome").GetString() == "persisted"));
        Assert.Equal(2, stored.Count(m => m.GetProperty("outcome").GetString() == "duplicate"));
        foreach (var m in stored)
        {
            var rows = await RowsAsync(m.GetProperty("idempotencyKey").GetString()!);
            var row = Assert.Single(rows);
            Assert.Equal(m.GetProperty("recordId").GetString(), row.Id.ToString());
            if (m.GetProperty("outcome").GetString() == "persisted" && m.GetProperty("channel").GetString() == "queue")
            {
                Assert.Equal(m.GetProperty("id").GetString(), row.SourceMessageId);
            }
            else if (m.GetProperty("outcome").GetString() == "duplicate")
            {
                Assert.NotEqual(m.GetProperty("id").GetString(), row.SourceMessageId);
            }
        }

        // DLQ: every poison message is there (peeked), with the reason the demo printed, back after one replay;
        // the letter the demo parked at the replay limit is still there, untouched, and no record has its key.
        var letters = messages.Where(m => m.GetProperty("outcome").GetString() == "dlq").ToDictionary(m => m.GetProperty("id").GetString()!, StringComparer.Ordinal);
        var poison = letters.Where(l => l.Value.GetProperty("channel").GetString() == "queue").ToDictionary(StringComparer.Ordinal);
        Assert.Equal(20, poison.Count);
        var parked = Assert.Single(letters.Values, l => l.GetProperty("channel").GetString() == "dlq");
        Assert.Equal("dlq/at-replay-limit.json", parked.GetProperty("source").GetString());
        Assert.Equal("retries-exhausted", parked.GetProperty("reason").GetString());
        Assert.Empty(await RowsAsync(parked.GetProperty("idempotencyKey").GetString()!));
        var summary = await new DlqInspector(fixture.Sqs).ScanAsync(fixture.Stack.DlqUrl, maxReceives: 100);
        // SQS delivers at least once: on a loaded machine a Starter invocation can outlive the local queue's 10 s
        // visibility timeout, and the redelivered poison message is parked a second time. One entry per origin counts.
        var ours = summary.Messages.Where(e => e.OriginId is not null && letters.ContainsKey(e.OriginId)).DistinctBy(e => e.OriginId).ToList();
        Assert.Equal(letters.Keys.Order(StringComparer.Ordinal), ours.Select(e => e.OriginId!).Order(StringComparer.Ordinal));
        var replay = root.GetProperty("replay");
        var maxReplays = replay.GetProperty("maxReplays").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(ours, e => Assert.Equal(poison.ContainsKey(e.OriginId!) ? "1" : maxReplays, e.ReplayCount));
        var byReason = ours.GroupBy(e => e.Reason, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var printed = root.GetProperty("dlqByReason").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        Assert.Equal(printed.OrderBy(p => p.Key, StringComparer.Ordinal), byReason.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.All(ours.Where(e => poison.ContainsKey(e.OriginId!)), e => Assert.Equal(poison[e.OriginId!].GetProperty("source").GetString()!.Split('/')[1].Split('.')[0], e.Reason));

        Assert.True(replay.GetProperty("moved").GetInt32() >= 20);
        Assert.Equal(20, replay.GetProperty("returned").GetArrayLength());

        // The guard: the replay refused the parked letter (the very DLQ message that is still there) as recursion-guard.
        Assert.True(replay.GetProperty("refused").GetInt32() >= 1);
        var refusal = Assert.Single(replay.GetProperty("refusals").EnumerateArray(), r => r.GetProperty("source").GetString() == "dlq/at-replay-limit.json");
        Assert.Equal("recursion-guard", refusal.GetProperty("refusal").GetString());
        Assert.Contains($"the limit is {maxReplays}", refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(ours.Single(e => e.OriginId == parked.GetProperty("id").GetString()).MessageId, refusal.GetProperty("dlqMessageId").GetString());

        // The decrypted record is one of the demo's rows, and its plaintext carries that row's key.
        var decrypted = root.GetProperty("decrypted");
        var key = decrypted.GetProperty("idempotencyKey").GetString()!;
        Assert.Equal(decrypted.GetProperty("recordId").GetString(), Assert.Single(await RowsAsync(key)).Id.ToString());
        Assert.Equal(key, decrypted.GetProperty("message").GetProperty("key").GetString());
    }

    [Fact]
    public async Task Demo_RunTwiceOnSameStack_SecondRunStillPersistsFreshRows()
    {
        var first = await RunDemoAsync();
        var second = await RunDemoAsync();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        using var a = JsonDocument.Parse(first.Stdout);
        using var b = JsonDocument.Parse(second.Stdout);
        Assert.NotEqual(a.RootElement.GetProperty("runId").GetString(), b.RootElement.GetProperty("runId").GetString());
        var secondKeys = b.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("outcome").GetString() == "persisted")
            .Select(m => m.GetProperty("idempotencyKey").GetString()!)
            .ToList();
        Assert.Equal(8, secondKeys.Count);
        foreach (var key in secondKeys)
        {
            Assert.Single(await RowsAsync(key));
        }
    }

    [Fact]
    public async Task Demo_PoisonFileNamedForAnotherReason_ExitsOneWithTheMismatch()
    {
        // A checkout whose events/ holds a wrong-type body filed as missing-field: the demo must notice.
        var root = Directory.CreateTempSubdirectory("vaultflow-demo-root-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "Vaultflow.slnx"), "<Solution />");
            CopyDirectory(RepoRoot.Combine("events"), Path.Combine(root, "events"));
            File.Copy(RepoRoot.Combine("events", "poison", "wrong-type.json"), Path.Combine(root, "events", "poison", "missing-field.mislabelled.json"));

            var result = await RunDemoAsync(root, json: false);

            Assert.True(result.ExitCode == 1, result.ToString());
            var cause = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
            Assert.Contains("poison/missing-field.mislabelled.json ended as dlq wrong-type, expected dlq missing-field", cause, StringComparison.Ordinal);
            Assert.Contains("missing-field.mislabelled.json", result.Stdout, StringComparison.Ordinal);

            // The text report still shows the replay and the guard's refusal of the letter parked at the limit.
            Assert.Matches(@"DLQ replay: moved \d+, refused [1-9]\d* by the recursion guard, failed 0", result.Stdout);
            Assert.Contains("dlq/at-replay-limit.json\tretries-exhausted\trecursion-guard\t", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }

    private Task<ProcessResult> RunDemoAsync(string? root = null, bool json = true) => CliProcess.RunAsync(
        "dotnet",
        [LocalStackProcess.CliPath, "demo", .. (json ? new[] { "--json" } : []), "--timeout", "120"],
        new Dictionary<string, string>
        {
            ["VAULTFLOW_STATE_DIR"] = fixture.Process.StateDirectory,
            ["VAULTFLOW_ROOT"] = root ?? RepoRoot.Path,
            ["CI"] = "true",
        },
        Timeout);

    private async Task<List<(Guid Id, string? SourceMessageId)>> RowsAsync(string key)
    {
        await using var command = fixture.Owner.CreateCommand("SELECT id, source_message_id FROM records WHERE idempotency_key = @key");
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(Guid, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return rows;
    }
}
