using System.Text;
using Amazon.SQS.Model;
using Vaultflow.Core.Contract;
using Vaultflow.IntegrationTests.LocalStack;

namespace Vaultflow.IntegrationTests.EndToEnd;

/// <summary>Issue 4's acceptance on the local stack: SQS -> Starter -> Step Functions -> Dedupe/Encrypt/Persist -> PostgreSQL.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class IngestEndToEndTests(LocalStackFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(300); // generous: the local stack shares 2 cores with the build and other suites
    private readonly StackClient _client = new(fixture);

    [Fact]
    public async Task Ingest_200MessagesWithDuplicates_OneDecryptableRowPerUniqueMessage()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        string Keyed(int i) => $$$"""{"type":"order.created","key":"e2e-{{{run}}}-{{{i}}}","data":{"n":{{{i}}},"secret":"plain-{{{run}}}-{{{i}}}"},"search":{"email":"user{{{i}}}-{{{run}}}@example.com"}}""";
        string KeyedReordered(int i) => $$$"""{ "data": { "secret": "plain-{{{run}}}-{{{i}}}", "n": {{{i}}} }, "search": {"email":"user{{{i}}}-{{{run}}}@example.com"}, "key": "e2e-{{{run}}}-{{{i}}}", "type": "order.created" }""";
        string Unkeyed(int i) => $$$"""{"type":"note.added","data":{"n":{{{i}}},"secret":"plain-{{{run}}}-u{{{i}}}"}}""";

        // 170 unique: 120 with a producer key, 50 keyed by their SQS message id. Then 20 exact duplicates
        // (same body again) and 10 producer-keyed duplicates (same key and content, other layout): 200 sends.
        var bodies = new List<string>();
        bodies.AddRange(Enumerable.Range(0, 120).Select(Keyed));
        bodies.AddRange(Enumerable.Range(0, 50).Select(Unkeyed));
        bodies.AddRange(Enumerable.Range(0, 20).Select(i => Keyed(i * 3)));
        bodies.AddRange(Enumerable.Range(0, 10).Select(i => KeyedReordered(100 + i)));
        var shuffled = bodies.OrderBy(_ => Random.Shared.Next()).ToList();
        var ids = await _client.SendBatchAsync(shuffled.Select(body => new OutgoingMessage(body)).ToList());

        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 120; i++)
        {
            expected[$"e2e-{run}-{i}"] = StackClient.Canonical(Keyed(i));
        }

        for (var i = 0; i < shuffled.Count; i++)
        {
            if (shuffled[i].Contains("note.added", StringComparison.Ordinal))
            {
                expected[ids[i]] = StackClient.Canonical(shuffled[i]);
            }
        }

        Assert.Equal(170, expected.Count);
        var rows = await Eventually.WaitAsync(() => _client.RowsAsync(expected.Keys), r => r.Count >= expected.Count, Deadline, "170 rows");
        await Eventually.WaitAsync(() => _client.QueueDepthAsync(fixture.Stack.IngestQueueUrl), depth => depth == 0, Deadline, "ingest queue drained");
        rows = await _client.RowsAsync(expected.Keys);

        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(expected.Keys.Order(), rows.Select(r => r.IdempotencyKey).Order());
        foreach (var row in rows)
        {
            Assert.Equal(expected[row.IdempotencyKey], await _client.DecryptAsync(row));
        }

        var database = await _client.DatabaseTextAsync();
        Assert.DoesNotContain($"plain-{run}", database, StringComparison.Ordinal);
        Assert.DoesNotContain($"-{run}@example.com", database, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_PoisonBatchWithGoodOnes_GoodOnesPersistAndEachPoisonIsInTheDlqWithItsReason()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var deep = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            deep.Append("{\"a\":");
        }

        deep.Append('1').Append('}', 40);

        // Each body with the reason the contract (CONTRACT.md, InvalidMessageReasons) gives it, written
        // down here rather than asked of the parser under test, so a misclassification fails the test.
        var poison = new (string Body, string Reason)[]
        {
            (" ", "empty-body"),
            ("not json", "invalid-json"),
            ("""{"type":"a","data":{""", "truncated-json"),
            ("[1,2]", "not-an-object"),
            ("""{"type":"a"}""", "missing-field"),
            ("""{"type":"a","data":{},"extra":1}""", "unknown-field"),
            ("""{"type":"Bad Type!","data":{}}""", "invalid-type-name"),
            ("""{"type":"a","data":[]}""", "data-not-object"),
            ("""{"type":"a","data":{"x":1,"x":2}}""", "duplicate-property"),
            ("""{"type":"a","data":{"x":1e400}}""", "number-out-of-range"),
            ("""{"type":"a","data":{"x":9007199254740993}}""", "number-too-precise"),
            ($$$"""{"type":"a","data":{{{deep}}}}""", "too-deep"),
            ("""{"type":"a","key":" leading space","data":{}}""", "invalid-key"),
            ("""{"type":"a","data":{},"search":{"email":""}}""", "invalid-search"),
            ("""{"type":"a","data":{"s":"\ud800"}}""", "lone-surrogate"),
            ("""{"type":"a","key":"k\u0000","data":{}}""", "nul-character"),
            ("""{"type":"a","data":{},"search":[]}""", "invalid-search"),
            ("""{"type":5,"data":{}}""", "wrong-type"),
            ($$$"""{"type":"a","data":{"s":"{{{new string('x', 255_000)}}}"}}""", "too-large"),
        };
        Assert.True(poison.Select(p => p.Reason).Distinct().Count() >= 15, "at least 15 kinds");

        // A well-formed message whose vf-replay-count is over the limit (default 3 replays): the guard refuses it.
        var replayedKey = $"poison-replayed-{run}";
        var replayed = new OutgoingMessage(
            $$$"""{"type":"order.created","key":"{{{replayedKey}}}","data":{}}""",
            new Dictionary<string, MessageAttributeValue>
            {
                ["vf-replay-count"] = new() { DataType = "Number", StringValue = "4" },
                ["vf-hops"] = new() { DataType = "Number", StringValue = "1" },
            });
        var goodKeys = Enumerable.Range(0, 5).Select(i => $"poison-good-{run}-{i}").ToList();
        var good = goodKeys.Select(key => new OutgoingMessage($$$"""{"type":"order.created","key":"{{{key}}}","data":{"k":"{{{key}}}"}}"""));

        // Shuffled, then sent with SendMessageBatch (10 per call): the Starter sees poison and good ones in the same batches.
        var expected = poison.Select(p => (Message: new OutgoingMessage(p.Body), Reason: (string?)p.Reason))
            .Append((Message: replayed, Reason: "recursion-guard"))
            .Concat(good.Select(m => (Message: m, Reason: (string?)null)))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        var ids = await _client.SendBatchAsync(expected.Select(e => e.Message).ToList());

        var poisonIds = expected.Select((e, i) => (e, Id: ids[i])).Where(x => x.e.Reason is not null).ToDictionary(x => x.Id, x => x.e, StringComparer.Ordinal);
        var letters = await _client.DeadLettersAsync(poisonIds.Keys, Deadline);
        var rows = await Eventually.WaitAsync(() => _client.RowsAsync(goodKeys), r => r.Count == goodKeys.Count, Deadline, "good rows");
        await Eventually.WaitAsync(() => _client.QueueDepthAsync(fixture.Stack.IngestQueueUrl), depth => depth == 0, Deadline, "ingest queue drained (nothing retried forever)");

        Assert.Equal(goodKeys.Order(), rows.Select(r => r.IdempotencyKey).Order());
        Assert.Empty(await _client.RowsAsync([replayedKey]));
        foreach (var (id, (message, reason)) in poisonIds)
        {
            Assert.Equal(reason, letters[id].Attributes["vf-failure"]);
            Assert.Equal(message.Body, letters[id].Body);
        }
    }

    [Fact]
    public async Task StartExecution_ConsoleInputStartedTwice_PersistsOneRow()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var message = $$$"""{"type":"console.entry","data":{"note":"typed-{{{run}}}"}}""";
        var input = $$$"""{"message":{{{message}}}}""";

        var first = await fixture.StepFunctions.StartExecutionAsync(new Aws.StepFunctions.StartExecutionRequest(fixture.Stack.StateMachineArn, $"console-{run}-1", input));
        var firstDone = await Eventually.WaitAsync(() => fixture.StepFunctions.DescribeExecutionAsync(first.ExecutionArn), d => d.Status != "RUNNING", Deadline, "first console execution");
        var second = await fixture.StepFunctions.StartExecutionAsync(new Aws.StepFunctions.StartExecutionRequest(fixture.Stack.StateMachineArn, $"console-{run}-2", input));
        var secondDone = await Eventually.WaitAsync(() => fixture.StepFunctions.DescribeExecutionAsync(second.ExecutionArn), d => d.Status != "RUNNING", Deadline, "second console execution");

        Assert.Equal("SUCCEEDED", firstDone.Status);
        Assert.Equal("SUCCEEDED", secondDone.Status);
        using var document = System.Text.Json.JsonDocument.Parse(message);
        var key = ContentHash.Compute(document.RootElement);
        var rows = await _client.RowsAsync([key]);
        var row = Assert.Single(rows);
        Assert.Equal(StackClient.Canonical(message), await _client.DecryptAsync(row));
    }

    [Fact]
    public async Task Ingest_ReplayCountOverTheLimit_ParkedInTheDlqWithRecursionGuard()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var key = $"replayed-{run}";
        var id = await _client.SendAsync(
            $$$"""{"type":"order.created","key":"{{{key}}}","data":{}}""",
            new Dictionary<string, MessageAttributeValue>
            {
                ["vf-replay-count"] = new() { DataType = "Number", StringValue = "4" },
                ["vf-hops"] = new() { DataType = "Number", StringValue = "1" },
            });

        var letter = (await _client.DeadLettersAsync([id], Deadline))[id];
        await Eventually.WaitAsync(() => _client.QueueDepthAsync(fixture.Stack.IngestQueueUrl), depth => depth == 0, Deadline, "ingest queue drained");

        Assert.Equal("recursion-guard", letter.Attributes["vf-failure"]);
        Assert.Empty(await _client.RowsAsync([key]));
    }
}
