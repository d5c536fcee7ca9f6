using System.Text.Json;
using Vaultflow.IntegrationTests.Sqs;

namespace Vaultflow.IntegrationTests.Cli;

[Collection(CliCollection.Name)]
public sealed class ReplayCommandTests(LocalSqsFixture sqs)
{
    [Fact]
    public async Task Replay_MovesAllowedAndRefusesOverLimit_CopiesCarryNextHopAttributes()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("a"), "retries-exhausted", 0, 1, "origin-a", new() { ["tenant"] = "acme" });
        await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("b"), "recursion-guard", 3, 4, "origin-b");
        await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("c"), "retries-exhausted", 1, 2, "origin-c");

        var run = await stack.RunProcessAsync(null, "replay", "--json");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Err}");
        using var report = JsonDocument.Parse(run.Out);
        Assert.Equal(2, report.RootElement.GetProperty("moved").GetArrayLength());
        var refusal = Assert.Single(report.RootElement.GetProperty("refused").EnumerateArray());
        Assert.Equal("recursion-guard", refusal.GetProperty("refusal").GetString());
        Assert.Contains("replayed 4 times", refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var ingested = await sqs.DrainAsync(stack.IngestQueueUrl, expectedAtLeast: 2);
        Assert.Equal(2, ingested.Count);
        var a = Assert.Single(ingested, m => m.Body == DlqMessages.Body("a"));
        Assert.Equal("1", DlqMessages.Attr(a, "vf-replay-count"));
        Assert.Equal("2", DlqMessages.Attr(a, "vf-hops"));
        Assert.Equal("origin-a", DlqMessages.Attr(a, "vf-origin-id"));
        Assert.Equal("acme", DlqMessages.Attr(a, "tenant"));
        Assert.Null(DlqMessages.Attr(a, "vf-failure"));
        Assert.Null(DlqMessages.Attr(a, "vf-failure-detail"));
        var c = Assert.Single(ingested, m => m.Body == DlqMessages.Body("c"));
        Assert.Equal("2", DlqMessages.Attr(c, "vf-replay-count"));
        Assert.Equal("3", DlqMessages.Attr(c, "vf-hops"));

        var left = Assert.Single(await sqs.DrainAsync(stack.DlqUrl, expectedAtLeast: 1));
        Assert.Equal(DlqMessages.Body("b"), left.Body);
    }

    [Fact]
    public async Task Replay_Max_MovesExactlyNAndLeavesTheRestInTheDlq()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        var bodies = Enumerable.Range(1, 5).Select(i => DlqMessages.Body("max-" + i)).ToList();
        foreach (var (body, i) in bodies.Select((b, i) => (b, i)))
        {
            await DlqMessages.ParkAsync(sqs, stack.DlqUrl, body, "retries-exhausted", 0, 1, "origin-max-" + i);
        }

        var run = await stack.RunProcessAsync(null, "replay", "--max", "2");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Err}");
        Assert.Contains("moved 2, refused 0, failed 0, skipped 0 (stopped at --max)", run.Out, StringComparison.Ordinal);
        var moved = await sqs.DrainAsync(stack.IngestQueueUrl, expectedAtLeast: 2);
        Assert.Equal(2, moved.Count);
        Assert.All(moved, m => Assert.Equal("1", DlqMessages.Attr(m, "vf-replay-count")));
        var left = await sqs.DrainAsync(stack.DlqUrl, expectedAtLeast: 3);
        Assert.Equal(3, left.Count);
        Assert.Equal(bodies.Order(StringComparer.Ordinal), moved.Concat(left).Select(m => m.Body).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Replay_Rate_SpacesTheSendsAtLeastOneIntervalApart()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        for (var i = 1; i <= 4; i++)
        {
            await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("rate-" + i), "retries-exhausted", 0, 1, "origin-rate-" + i);
        }

        var run = await stack.RunProcessAsync(null, "replay", "--rate", "2/s");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Err}");
        Assert.Contains("moved 4, refused 0, failed 0", run.Out, StringComparison.Ordinal);
        var copies = await sqs.DrainAsync(stack.IngestQueueUrl, expectedAtLeast: 4);
        Assert.Equal(4, copies.Count);

        // 2/s with a burst of 1: the first send at once, then one every 0.5 s, so the four copies' SQS send times
        // span at least 1.5 s (a lower bound with slack; the queue's own timestamps, not process start-up or polling).
        var sent = copies.Select(m => long.Parse(m.Attributes["SentTimestamp"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var span = TimeSpan.FromMilliseconds(sent.Max() - sent.Min());
        Assert.True(span >= TimeSpan.FromSeconds(1.4), $"the copies were sent within {span.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Replay_IngestQueueMissing_ExitsOneWithTheCauseAndKeepsTheMessage()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("lost-not"), "retries-exhausted", 0, 1, "origin-missing");
        var missing = new Uri(sqs.Endpoint, "000000000000/no-such-queue-" + Guid.NewGuid().ToString("N")[..10]).ToString();
        var localJson = Path.Combine(stack.StateDir, "local.json");
        await File.WriteAllTextAsync(localJson, (await File.ReadAllTextAsync(localJson)).Replace(stack.IngestQueueUrl, missing, StringComparison.Ordinal));

        var run = await stack.RunProcessAsync(null, "replay");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Out}{run.Err}");
        Assert.Contains("moved 0, refused 0, failed 1", run.Out, StringComparison.Ordinal);
        var failed = Assert.Single(run.Out.Split('\n'), l => l.StartsWith("failed\t", StringComparison.Ordinal));
        Assert.Contains("sending the copy failed", failed, StringComparison.Ordinal);
        Assert.Contains("does not exist", failed, StringComparison.Ordinal);
        Assert.Contains("the message stays in the DLQ", failed, StringComparison.Ordinal);
        var left = Assert.Single(await sqs.DrainAsync(stack.DlqUrl, expectedAtLeast: 1));
        Assert.Equal(DlqMessages.Body("lost-not"), left.Body);
        Assert.Equal("retries-exhausted", DlqMessages.Attr(left, "vf-failure"));
    }

    [Fact]
    public async Task Replay_ForceOnRefusedMessage_MovesWithResetCountsAndWarns()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("f"), "recursion-guard", 3, 9, "origin-f");

        var run = await stack.RunAsync("replay", "--force");

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("--force", run.Err, StringComparison.Ordinal);
        Assert.Contains("FORCED replay", run.Err, StringComparison.Ordinal);
        Assert.Contains("moved 1, refused 0, failed 0", run.Out, StringComparison.Ordinal);
        var copy = Assert.Single(await sqs.DrainAsync(stack.IngestQueueUrl, expectedAtLeast: 1));
        Assert.Equal("1", DlqMessages.Attr(copy, "vf-replay-count"));
        Assert.Equal("1", DlqMessages.Attr(copy, "vf-hops"));
        Assert.Equal("origin-f", DlqMessages.Attr(copy, "vf-origin-id"));
        Assert.Equal(0, await sqs.ApproximateCountAsync(stack.DlqUrl));
    }

    [Fact]
    public async Task Replay_ReasonFilterAndDryRun_MoveNothingElseAndReleaseAtOnce()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("x"), "invalid-json", 0, 1, "origin-x");
        await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("y"), "retries-exhausted", 0, 1, "origin-y");

        var dry = await stack.RunAsync("replay", "--dry-run");
        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("would move 2", dry.Out, StringComparison.Ordinal);

        var filtered = await stack.RunAsync("replay", "--reason", "retries-exhausted");

        Assert.Equal(0, filtered.ExitCode);
        Assert.Contains("moved 1, refused 0, failed 0, skipped 1", filtered.Out, StringComparison.Ordinal);
        var moved = Assert.Single(await sqs.DrainAsync(stack.IngestQueueUrl, expectedAtLeast: 1));
        Assert.Equal(DlqMessages.Body("y"), moved.Body);

        // Released with visibility 0: the skipped message is receivable right away.
        var left = Assert.Single(await sqs.DrainAsync(stack.DlqUrl, expectedAtLeast: 1));
        Assert.Equal(DlqMessages.Body("x"), left.Body);
    }

    [Fact]
    public async Task Replay_CrashBetweenSendAndDelete_LosesNothing()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("crash-1"), "retries-exhausted", 0, 1, "origin-1");
        await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("crash-2"), "retries-exhausted", 0, 1, "origin-2");

        var run = await stack.RunProcessAsync(new Dictionary<string, string> { ["VAULTFLOW_TEST_CRASH_AFTER_SEND"] = "1" }, "replay", "--max", "1");

        Assert.True(run.ExitCode == 70, $"exit {run.ExitCode}: {run.Err}");
        var copy = Assert.Single(await sqs.DrainAsync(stack.IngestQueueUrl, expectedAtLeast: 1));
        Assert.Equal("1", DlqMessages.Attr(copy, "vf-replay-count"));

        // Both originals are still in the DLQ: the copied one in flight (received, never deleted), the other visible.
        Assert.Equal(2, await sqs.ApproximateCountAsync(stack.DlqUrl));
        var visible = Assert.Single(await sqs.DrainAsync(stack.DlqUrl, expectedAtLeast: 1));
        Assert.NotEqual(copy.Body, visible.Body);
    }

    [Fact]
    public async Task Replay_DlqIsTheIngestQueue_RefusesToRun()
    {
        using var stack = await CliStack.CreateAsync(sqs, extra: []);
        var localJson = Path.Combine(stack.StateDir, "local.json");
        await File.WriteAllTextAsync(localJson, (await File.ReadAllTextAsync(localJson)).Replace(stack.DlqUrl, stack.IngestQueueUrl, StringComparison.Ordinal));

        var run = await stack.RunAsync("replay");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("loop", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dlq_CountsByReason_WithoutConsuming()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("d1"), "invalid-json", 0, 1, "o1");
        await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("d2"), "invalid-json", 0, 1, "o2");
        await DlqMessages.ParkAsync(sqs, stack.DlqUrl, DlqMessages.Body("d3"), "recursion-guard", 4, 5, "o3");

        var run = await stack.RunAsync("dlq", "--json");

        Assert.True(run.ExitCode == 0, run.Err);
        using var summary = JsonDocument.Parse(run.Out);
        Assert.Equal(2, summary.RootElement.GetProperty("byReason").GetProperty("invalid-json").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("byReason").GetProperty("recursion-guard").GetInt32());
        Assert.False(summary.RootElement.GetProperty("partial").GetBoolean());

        var plain = await stack.RunAsync("dlq");
        Assert.Contains("invalid-json\t2", plain.Out, StringComparison.Ordinal);
        Assert.Equal(3, (await sqs.DrainAsync(stack.DlqUrl, expectedAtLeast: 3)).Count);
    }
}
