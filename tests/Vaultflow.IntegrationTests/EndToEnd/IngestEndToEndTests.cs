using System.Globalization;
using System.Text;
using Amazon.SQS.Model;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
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
        var ids = await _client.SendBatchAsync(shuffled);

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
        var poison = new[]
        {
            "not json",
            """{"type":"a","data":{""",
            "[1,2]",
            """{"type":"a"}""",
            """{"type":"a","data":{},"extra":1}""",
            """{"type":"Bad Type!","data":{}}""",
            """{"type":"a","data":[]}""",
            """{"type":"a","data":{"x":1,"x":2}}""",
            """{"type":"a","data":{"x":1e400}}""",
            """{"type":"a","data":{"x":9007199254740993}}""",
            $$$"""{"type":"a","data":{{{deep}}}}""",
            """{"type":"a","key":" leading space","data":{}}""",
            """{"type":"a","data":{},"search":{"email":""}}""",
            """{"type":"a","data":{"s":"\ud800"}}""",
            """{"type":"a","key":"k\u0000","data":{}}""",
            """{"type":"a","data":{},"search":[]}""",
            """{"type":5,"data":{}}""",
            $$$"""{"type":"a","data":{"s":"{{{new string('x', 255_000)}}}"}}""",
        };
        var reasons = poison.ToDictionary(p => p, ExpectedReason);
        Assert.True(reasons.Values.Distinct().Count() >= 15, "at least 15 kinds: " + string.Join(", ", reasons.Values.Distinct()));
        var good = Enumerable.Range(0, 5).Select(i => $$$"""{"type":"order.created","key":"poison-good-{{{run}}}-{{{i}}}","data":{"i":{{{i}}}}}""").ToList();

        var bodies = poison.Concat(good).OrderBy(_ => Random.Shared.Next()).ToList();
        var ids = new List<string>();
        foreach (var body in bodies)
        {
            ids.Add(await _client.SendAsync(body));
        }

        var poisonIds = bodies.Select((b, i) => (b, ids[i])).Where(x => reasons.ContainsKey(x.b)).ToDictionary(x => x.Item2, x => x.b, StringComparer.Ordinal);
        var letters = await _client.DeadLettersAsync(poisonIds.Keys, Deadline);
        var goodKeys = Enumerable.Range(0, 5).Select(i => $"poison-good-{run}-{i}").ToList();
        var rows = await Eventually.WaitAsync(() => _client.RowsAsync(goodKeys), r => r.Count == goodKeys.Count, Deadline, "good rows");
        await Eventually.WaitAsync(() => _client.QueueDepthAsync(fixture.Stack.IngestQueueUrl), depth => depth == 0, Deadline, "ingest queue drained (nothing retried forever)");

        Assert.Equal(goodKeys.Order(), rows.Select(r => r.IdempotencyKey).Order());
        foreach (var (id, body) in poisonIds)
        {
            Assert.Equal(reasons[body], letters[id].Attributes["vf-failure"]);
            Assert.Equal(body, letters[id].Body);
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

    private static string ExpectedReason(string body)
    {
        try
        {
            IngestMessageParser.Parse(body, "m-1", MessageLimits.Default);
        }
        catch (InvalidMessageException e)
        {
            return e.Reason;
        }

        throw new InvalidOperationException("not poison: " + body[..Math.Min(body.Length, 60)]);
    }
}
