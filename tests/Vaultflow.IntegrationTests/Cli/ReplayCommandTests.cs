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

        var run = await stack.RunAsync("replay", "--json");

        Assert.True(run.ExitCode == 0, run.Err);
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
