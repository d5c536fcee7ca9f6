using Vaultflow.IntegrationTests.Sqs;

namespace Vaultflow.IntegrationTests.Cli;

[Collection(CliCollection.Name)]
public sealed class SendCommandTests(LocalSqsFixture sqs)
{
    private const string Good1 = """{"type":"order.created","key":"k-1","data":{"total":1}}""";
    private const string Good2 = """{"type":"order.created","key":"k-2","data":{"total":2}}""";

    [Fact]
    public async Task Send_MalformedLines_ReportsLineNumbersAndSendsNothing()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        var file = stack.WriteFile("mixed.jsonl", $"{Good1}\n{{\"type\":\"x\",\"data\":\n\n{Good2}\n{{\"type\":\"order.created\",\"data\":[]}}\n");

        var run = await stack.RunProcessAsync(null, "send", file);

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Err}");
        Assert.Contains("line 2: truncated-json", run.Err, StringComparison.Ordinal);
        Assert.Contains("line 5: data-not-object", run.Err, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", run.Err, StringComparison.Ordinal);
        Assert.Equal(0, await sqs.ApproximateCountAsync(stack.IngestQueueUrl));
    }

    [Fact]
    public async Task Send_SkipInvalid_SendsOnlyTheValidMessages()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        var file = stack.WriteFile("mixed.jsonl", $"{Good1}\nnot json\n{Good2}\n");

        var run = await stack.RunProcessAsync(null, "send", file, "--skip-invalid");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Err}");
        Assert.Contains("line 2: invalid-json", run.Err, StringComparison.Ordinal);
        var messages = await sqs.DrainAsync(stack.IngestQueueUrl, expectedAtLeast: 2);
        Assert.Equal(["k-1", "k-2"], messages.Select(m => System.Text.Json.JsonDocument.Parse(m.Body).RootElement.GetProperty("key").GetString()!).Order().ToArray());
        var rows = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line\tmessage-id", rows[0]);
        Assert.Equal(messages.Select(m => m.MessageId).Order(), rows.Skip(1).Select(r => r.Split('\t')[1]).Order());
        Assert.Equal(["1", "3"], rows.Skip(1).Select(r => r.Split('\t')[0]).Order().ToArray());
    }

    [Fact]
    public async Task Send_TemplateCount_SendsNDistinctMessagesInBatches()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        var template = stack.WriteFile("t.json", """{"type":"load.test","key":"load-{{n}}","data":{"n":{{n}},"id":"{{uuid}}"}}""");

        var run = await stack.RunAsync("send", "--count", "23", "--template", template, "--json");

        Assert.Equal(0, run.ExitCode);
        var messages = await sqs.DrainAsync(stack.IngestQueueUrl, expectedAtLeast: 23);
        Assert.Equal(23, messages.Count);
        Assert.Equal(23, messages.Select(m => m.Body).Distinct().Count());
        using var report = System.Text.Json.JsonDocument.Parse(run.Out);
        Assert.Equal(23, report.RootElement.GetProperty("sent").GetArrayLength());
    }

    [Fact]
    public async Task Send_StdinWithKey_SetsTheProducerKey()
    {
        using var stack = await CliStack.CreateAsync(sqs);

        var run = await stack.RunWithInputAsync("""{"type":"order.created","data":{}}""", "send", "-", "--key", "order-42");

        Assert.Equal(0, run.ExitCode);
        var message = Assert.Single(await sqs.DrainAsync(stack.IngestQueueUrl, expectedAtLeast: 1));
        Assert.Equal("order-42", System.Text.Json.JsonDocument.Parse(message.Body).RootElement.GetProperty("key").GetString());
    }

    [Fact]
    public async Task Send_AsProcess_PrintsTheMessageIdOfEachMessage()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        var file = stack.WriteFile("two.json", $"[\n  {Good1},\n  {Good2}\n]\n");

        var run = await stack.RunProcessAsync(null, "send", file);

        Assert.True(run.ExitCode == 0, run.Err);
        var messages = await sqs.DrainAsync(stack.IngestQueueUrl, expectedAtLeast: 2);
        var printed = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split('\t')).ToList();
        Assert.Equal(["2", "3"], printed.Select(p => p[0]).ToArray());
        Assert.Equal(messages.Select(m => m.MessageId).Order(), printed.Select(p => p[1]).Order());
    }

    [Fact]
    public async Task Send_LocalStackDown_FailsWithOneLineHint()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        var localJson = Path.Combine(stack.StateDir, "local.json");
        await File.WriteAllTextAsync(localJson, (await File.ReadAllTextAsync(localJson)).Replace(sqs.Endpoint.ToString().TrimEnd('/'), "http://127.0.0.1:9", StringComparison.Ordinal));

        var run = await stack.RunWithInputAsync(Good1, "send", "-");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("local stack not running: start it with scripts/run-local", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CountWithoutTemplate_IsAUsageError()
    {
        using var stack = await CliStack.CreateAsync(sqs);

        var run = await stack.RunAsync("send", "--count", "3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--count and --template go together", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RawPoisonFile_SentUnvalidatedAsOneMessage()
    {
        using var stack = await CliStack.CreateAsync(sqs);
        var poison = Vaultflow.IntegrationTests.Support.RepoRoot.Combine("events", "poison", "duplicate-property.json");

        var run = await stack.RunAsync("send", poison, "--raw");

        Assert.True(run.ExitCode == 0, run.Err);
        var message = Assert.Single(await sqs.DrainAsync(stack.IngestQueueUrl, expectedAtLeast: 1));
        Assert.Equal(await File.ReadAllTextAsync(poison), message.Body);
    }
}
