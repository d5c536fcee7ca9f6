extern alias handlers;

using System.Text;
using System.Text.Json;
using handlers::Vaultflow.Handlers.Hosting;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Failures;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Sqs;
using Vaultflow.IntegrationTests.StepFunctions;
using Vaultflow.IntegrationTests.Workflow;
using Vaultflow.Lambda.ExceptionHandling;

namespace Vaultflow.IntegrationTests.Corpus;

/// <summary>
/// Integration level: every corpus kind through the real handlers. SQS kinds: a batch of good + bad + good
/// through the Starter against the local SQS and Step Functions; console kinds: the Dedupe step, then
/// RouteFailure as the state machine's Catch would call it. Valid-but-hostile kinds run the whole
/// Dedupe -> Encrypt -> Persist -> GetRecord chain and must come back byte for byte. One stack (DLQ, state
/// machine, dispatcher) serves every case; a case finds its own parked message by vf-origin-id and its
/// executions by name.
/// </summary>
[Collection(WorkflowCollection.Name)]
public sealed class CorpusHandlerTests(PostgresFixture postgres, LocalSqsFixture sqs, LocalStepFunctionsFixture sfn, SharedCorpusStack shared) : IClassFixture<SharedCorpusStack>
{
    public static TheoryData<string> SqsKinds() =>
        CorpusIndex.Kinds(null, e => e.Enters != CorpusIndex.ConsoleInput && e.BodyText() is not null);

    public static TheoryData<string> ConsoleKinds() => CorpusIndex.Kinds(CorpusIndex.ConsoleInput);

    [Theory]
    [MemberData(nameof(SqsKinds))]
    public async Task Starter_BatchWithCorpusRecord_ParksOnlyItAndStartsTheRest(string kind)
    {
        var entry = CorpusIndex.Get(kind);
        var stack = await shared.GetAsync(() => CorpusStack.StartAsync(postgres, sqs, sfn));
        var run = Guid.NewGuid().ToString("N")[..12];
        var goodA = SqsEventJson.Good("good-a-" + run);
        var goodB = SqsEventJson.Good("good-b-" + run);
        var bad = new SqsEventJson.Record("bad-" + run, entry.BodyText()!, entry.Attributes());

        using var response = JsonDocument.Parse(await stack.InvokeAsync("Starter", SqsEventJson.Batch([goodA, bad, goodB])));

        // Each record ends exactly one way: both good ones started, and the bad one parked (so not started) or started.
        Assert.Equal(0, response.RootElement.GetProperty("batchItemFailures").GetArrayLength());
        Assert.Equal(ExecutionName.For("good-a-" + run, 0), (await stack.DescribeAsync(ExecutionName.For("good-a-" + run, 0))).Name);
        Assert.Equal(ExecutionName.For("good-b-" + run, 0), (await stack.DescribeAsync(ExecutionName.For("good-b-" + run, 0))).Name);
        if (entry.Expect == CorpusIndex.DeadLetter)
        {
            var parked = await stack.ReceiveParkedAsync(sqs, bad.MessageId);
            Assert.Equal(bad.Body, SentBody(parked.Body, bad.Body));
            Assert.Equal(entry.Reason, parked.MessageAttributes[MessageAttributeNames.Failure].StringValue);
            Assert.Contains(entry.Phrase!, parked.MessageAttributes[MessageAttributeNames.FailureDetail].StringValue, StringComparison.Ordinal);
            Assert.Equal(bad.MessageId, parked.MessageAttributes[MessageAttributeNames.OriginId].StringValue);
            Assert.True(parked.MessageAttributes.Count <= MessageAttributeLimit.MaxAttributes);
            return;
        }

        // A keyless message's key is its first message id (vf-origin-id when present); the name carries the replay count.
        var attributes = entry.Attributes();
        var origin = attributes.TryGetValue(MessageAttributeNames.OriginId, out var originId) ? originId.StringValue! : bad.MessageId;
        var replays = attributes.TryGetValue(MessageAttributeNames.ReplayCount, out var count) ? int.Parse(count.StringValue!, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var key = IngestMessageParser.Parse(bad.Body, origin).Key;
        var started = await stack.DescribeAsync(ExecutionName.For(key, replays));
        Assert.Equal(ExecutionName.For(key, replays), started.Name);
        if (entry.Expect == CorpusIndex.PersistIntact)
        {
            await AssertPersistedIntactAsync(stack, started.Input!, bad.Body, key);
        }
    }

    [Theory]
    [MemberData(nameof(ConsoleKinds))]
    public async Task Dedupe_CorpusConsoleInput_RefusedWithReasonAndRoutedToDlq(string kind)
    {
        var entry = CorpusIndex.Get(kind);
        var input = SqsEventJson.Utf8(entry.Bytes()).Trim();
        var stack = await shared.GetAsync(() => CorpusStack.StartAsync(postgres, sqs, sfn));
        if (entry.Expect == CorpusIndex.PersistIntact)
        {
            using var console = JsonDocument.Parse(input);
            var message = console.RootElement.GetProperty("message");
            await AssertPersistedIntactAsync(stack, input, message.GetRawText(), message.GetProperty("key").GetString()!);
            return;
        }

        var name = WorkflowHarness.Quote(WorkflowHarness.NewExecutionName());
        var error = await Assert.ThrowsAsync<InvalidMessageException>(() => stack.InvokeAsync("Dedupe", "{\"input\":" + input + ",\"executionName\":" + name + "}"));
        Assert.Equal(entry.Reason, error.Reason);
        Assert.Contains(entry.Phrase!, error.Message, StringComparison.Ordinal);

        // What Lambda reports and the Catch hands to RouteFailure: Error = errorType, Cause = the error payload.
        var payload = LambdaErrorPayloadFactory.Create(error, HandlerErrors.ResolveErrorType);
        Assert.Equal(ErrorTypes.InvalidMessage, payload.ErrorType);
        Assert.StartsWith(entry.Reason + ": ", payload.ErrorMessage, StringComparison.Ordinal);
        var failure = "{\"Error\":" + WorkflowHarness.Quote(payload.ErrorType) + ",\"Cause\":" + WorkflowHarness.Quote(Encoding.UTF8.GetString(payload.ToUtf8Json())) + "}";
        using var routed = JsonDocument.Parse(await stack.InvokeAsync("RouteFailure", "{\"input\":" + input + ",\"failure\":" + failure + ",\"executionName\":" + name + "}"));
        Assert.Equal(entry.Reason, routed.RootElement.GetProperty("reason").GetString());
        var parked = await stack.ReceiveParkedAsync(sqs, routed.RootElement.GetProperty("dlqMessageId").GetString()!, byDlqMessageId: true);
        using (var console = JsonDocument.Parse(input))
        {
            var root = console.RootElement;
            var original = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object ? message.GetRawText() : input;
            Assert.Equal(original, SentBody(parked.Body, original));
        }

        Assert.Equal(entry.Reason, parked.MessageAttributes[MessageAttributeNames.Failure].StringValue);
        Assert.Contains(entry.Phrase!, parked.MessageAttributes[MessageAttributeNames.FailureDetail].StringValue, StringComparison.Ordinal);
    }

    /// <summary>
    /// The original body back from a parked one: as is, or decoded when SQS could not carry the original
    /// (empty, or a character such as U+0000) and the Starter parked it as a JSON string literal.
    /// </summary>
    internal static string SentBody(string parkedBody, string originalBody)
    {
        if (originalBody.Length > 0 && DeadLetterBody.FirstUnsendable(originalBody) < 0)
        {
            return parkedBody;
        }

        using var literal = JsonDocument.Parse(parkedBody);
        return literal.RootElement.GetString()!;
    }

    /// <summary>
    /// Runs the workflow on <paramref name="executionInput"/>, reads the record back through GetRecord (by id,
    /// and by e-mail when the message has one) and checks the decrypted message and the stored key are exact.
    /// </summary>
    private async Task AssertPersistedIntactAsync(CorpusStack stack, string executionInput, string originalMessage, string key)
    {
        var recordId = await stack.RunWorkflowAsync(executionInput);

        using var byId = JsonDocument.Parse(await stack.InvokeAsync("GetRecord", "{\"id\":\"" + recordId + "\"}"));
        var record = Assert.Single(byId.RootElement.GetProperty("records").EnumerateArray());
        using var original = JsonDocument.Parse(originalMessage);
        Assert.Equal(CanonicalJson.SerializeToString(original.RootElement), record.GetProperty("message").GetRawText());
        Assert.Equal(key, record.GetProperty("idempotencyKey").GetString());
        Assert.Equal(1, await Db.RecordsWithKeyAsync(postgres.Owner, key));

        if (original.RootElement.TryGetProperty("search", out var search) && search.TryGetProperty("email", out var email))
        {
            using var byEmail = JsonDocument.Parse(await stack.InvokeAsync("GetRecord", "{\"search\":{\"email\":" + WorkflowHarness.Quote(email.GetString()!) + "}}"));
            Assert.Equal(recordId, Assert.Single(byEmail.RootElement.GetProperty("records").EnumerateArray()).GetProperty("recordId").GetGuid());
        }
    }
}
