using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Tests.Workflow.Fakes;
using Vaultflow.Core.Workflow.Ports;
using Vaultflow.Core.Workflow.Starter;

namespace Vaultflow.Core.Tests.Workflow;

public sealed class StarterServiceTests
{
    private const string Good = """{"type":"order.created","data":{"total":12.5}}""";
    private static readonly StartedBy Starter = new("req-1", "vaultflow-Starter");

    private readonly FakeExecutionStarter _executions = new();
    private readonly FakeDeadLetterQueue _dlq = new();

    [Fact]
    public async Task ProcessAsync_ValidRecords_StartsOneExecutionEachWithDeterministicNameAndInput()
    {
        var result = await Process(Record("m-1", Good, receiveCount: 2), Record("m-2", Good));

        Assert.Empty(result.FailedMessageIds);
        Assert.Equal(2, result.Count(StarterRecordOutcome.Started));
        var call = Assert.Single(_executions.Calls, c => c.Name == ExecutionName.For("m-1", 0));
        using var input = JsonDocument.Parse(call.Input);
        Assert.Equal("m-1", input.RootElement.GetProperty("idempotencyKey").GetString());
        Assert.Equal(2, input.RootElement.GetProperty("receiveCount").GetInt32());
        Assert.Equal("req-1", input.RootElement.GetProperty("startedBy").GetProperty("awsRequestId").GetString());
        Assert.Equal("order.created", input.RootElement.GetProperty("message").GetProperty("type").GetString());
        Assert.Contains(_executions.Calls, c => c.Name == ExecutionName.For("m-2", 0));
        Assert.Empty(_dlq.Sent);
    }

    [Fact]
    public async Task ProcessAsync_ProducerKeyAndReplayCount_NameFromKeyAndReplay()
    {
        var record = Record("m-1", """{"type":"t","key":"order-42","data":{}}""", attributes: new() { [MessageAttributeNames.ReplayCount] = "2", [MessageAttributeNames.Hops] = "3" });

        await Process(record);

        var call = Assert.Single(_executions.Calls);
        Assert.Equal(ExecutionName.For("order-42", 2), call.Name);
        using var input = JsonDocument.Parse(call.Input);
        Assert.Equal(2, input.RootElement.GetProperty("replayCount").GetInt32());
        Assert.Equal(3, input.RootElement.GetProperty("hops").GetInt32());
    }

    [Fact]
    public async Task ProcessAsync_KeylessReplayWithOriginId_KeyIsTheOriginalMessageId()
    {
        const string Keyless = """{"type":"t","data":{}}""";
        var replay = new Dictionary<string, string> { [MessageAttributeNames.ReplayCount] = "1", [MessageAttributeNames.Hops] = "2", [MessageAttributeNames.OriginId] = "m-first" };

        await Process(Record("m-copy-a", Keyless, attributes: replay), Record("m-copy-b", Keyless, attributes: new(replay)));

        Assert.Equal(2, _executions.Calls.Count);
        Assert.All(_executions.Calls, c => Assert.Equal(ExecutionName.For("m-first", 1), c.Name));
        using var input = JsonDocument.Parse(_executions.Calls.First().Input);
        Assert.Equal("m-first", input.RootElement.GetProperty("idempotencyKey").GetString());
    }

    [Theory]
    [InlineData("{", InvalidMessageReasons.TruncatedJson)]
    [InlineData("not json", InvalidMessageReasons.InvalidJson)]
    [InlineData("[]", InvalidMessageReasons.NotAnObject)]
    [InlineData("""{"data":{}}""", InvalidMessageReasons.MissingField)]
    [InlineData("""{"type":"t","data":{},"extra":1}""", InvalidMessageReasons.UnknownField)]
    [InlineData("""{"type":"T!","data":{}}""", InvalidMessageReasons.InvalidTypeName)]
    [InlineData("""{"type":"t","data":[]}""", InvalidMessageReasons.DataNotObject)]
    [InlineData("""{"type":"t","data":{"a":1,"a":2}}""", InvalidMessageReasons.DuplicateProperty)]
    [InlineData("""{"type":"t","data":{"n":1e400}}""", InvalidMessageReasons.NumberOutOfRange)]
    [InlineData("   ", InvalidMessageReasons.EmptyBody)]
    public async Task ProcessAsync_PoisonBody_ParkedInDlqWithReasonAndDeleted(string body, string reason)
    {
        var result = await Process(Record("m-poison", body), Record("m-good", Good));

        Assert.Empty(result.FailedMessageIds);
        Assert.Equal(StarterRecordOutcome.DeadLettered, result.Outcomes[0]);
        Assert.Equal(StarterRecordOutcome.Started, result.Outcomes[1]);
        var parked = Assert.Single(_dlq.Sent);
        Assert.Equal(body, parked.Body);
        Assert.Equal(reason, parked.Attributes[MessageAttributeNames.Failure].StringValue);
        Assert.False(string.IsNullOrWhiteSpace(parked.Attributes[MessageAttributeNames.FailureDetail].StringValue));
        Assert.Equal("1", parked.Attributes[MessageAttributeNames.Hops].StringValue);
        Assert.Equal("0", parked.Attributes[MessageAttributeNames.ReplayCount].StringValue);
        Assert.Equal("m-poison", parked.Attributes[MessageAttributeNames.OriginId].StringValue);
        Assert.DoesNotContain(_executions.Calls, c => c.Name.Contains("m-poison", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessAsync_TooLargeBody_ParkedWithTooLarge()
    {
        var body = "{\"type\":\"t\",\"data\":{\"x\":\"" + new string('a', MessageLimits.MaxAllowedBodyBytes) + "\"}}";

        await Process(Record("m-big", body));

        Assert.Equal(InvalidMessageReasons.TooLarge, Assert.Single(_dlq.Sent).Attributes[MessageAttributeNames.Failure].StringValue);
        Assert.Empty(_executions.Calls);
    }

    [Theory]
    [InlineData(MessageAttributeNames.ReplayCount, "4", InvalidMessageReasons.RecursionGuard)]
    [InlineData(MessageAttributeNames.Hops, "17", InvalidMessageReasons.RecursionGuard)]
    [InlineData(MessageAttributeNames.Hops, "-1", InvalidMessageReasons.InvalidAttribute)]
    [InlineData(MessageAttributeNames.ReplayCount, " 1", InvalidMessageReasons.InvalidAttribute)]
    public async Task ProcessAsync_GuardRefusesAttributes_ParkedWithGuardReasonNeverStarted(string attribute, string value, string reason)
    {
        var result = await Process(Record("m-1", Good, attributes: new() { [attribute] = value, [MessageAttributeNames.OriginId] = "origin-1" }));

        Assert.Empty(result.FailedMessageIds);
        Assert.Empty(_executions.Calls);
        var parked = Assert.Single(_dlq.Sent);
        Assert.Equal(reason, parked.Attributes[MessageAttributeNames.Failure].StringValue);
        if (reason == InvalidMessageReasons.RecursionGuard)
        {
            // The journey is kept: one more hop, same origin.
            Assert.Equal("origin-1", parked.Attributes[MessageAttributeNames.OriginId].StringValue);
            var hops = attribute == MessageAttributeNames.Hops ? 18 : 1;
            Assert.Equal(hops.ToString(System.Globalization.CultureInfo.InvariantCulture), parked.Attributes[MessageAttributeNames.Hops].StringValue);
        }
    }

    [Fact]
    public async Task ProcessAsync_ReplayCountSentAsNumberType_StillGuarded()
    {
        var record = Record("m-1", Good) with
        {
            MessageAttributes = new Dictionary<string, QueueAttribute> { [MessageAttributeNames.ReplayCount] = new("Number", "9") },
        };

        await Process(record);

        Assert.Equal(InvalidMessageReasons.RecursionGuard, Assert.Single(_dlq.Sent).Attributes[MessageAttributeNames.Failure].StringValue);
    }

    [Fact]
    public async Task ProcessAsync_PoisonWithProducerAttributes_ForwardsThemWhenTheyFit()
    {
        await Process(Record("m-1", "{", attributes: new() { ["tenant"] = "acme" }));

        var parked = Assert.Single(_dlq.Sent);
        Assert.Equal("acme", parked.Attributes["tenant"].StringValue);
        Assert.Equal(6, parked.Attributes.Count);
    }

    [Fact]
    public async Task ProcessAsync_ExecutionAlreadyExists_CountedAsSuccess()
    {
        _executions.Behaviour = _ => ExecutionStartOutcome.AlreadyExists;

        var result = await Process(Record("m-1", Good));

        Assert.Empty(result.FailedMessageIds);
        Assert.Equal(StarterRecordOutcome.AlreadyExists, Assert.Single(result.Outcomes));
    }

    [Fact]
    public async Task ProcessAsync_RetryableStartFailure_OnlyThatRecordInBatchItemFailures()
    {
        _executions.Behaviour = name => name == ExecutionName.For("m-2", 0) ? throw new TransientException("throttled") : ExecutionStartOutcome.Started;

        var result = await Process(Record("m-1", Good), Record("m-2", Good), Record("m-3", Good));

        Assert.Equal(["m-2"], result.FailedMessageIds);
        Assert.Equal(2, result.Count(StarterRecordOutcome.Started));
        Assert.Empty(_dlq.Sent);
    }

    [Fact]
    public async Task ProcessAsync_UnexpectedStartFailure_RecordKeptForRedelivery()
    {
        _executions.Behaviour = _ => throw new InvalidOperationException("state machine does not exist");

        var result = await Process(Record("m-1", Good));

        Assert.Equal(["m-1"], result.FailedMessageIds);
    }

    [Fact]
    public async Task ProcessAsync_DlqSendFails_PoisonRecordInBatchItemFailures()
    {
        _dlq.Fail = true;

        var result = await Process(Record("m-poison", "{"), Record("m-good", Good));

        Assert.Equal(["m-poison"], result.FailedMessageIds);
        Assert.Equal(StarterRecordOutcome.Failed, result.Outcomes[0]);
        Assert.Equal(StarterRecordOutcome.Started, result.Outcomes[1]);
    }

    [Fact]
    public async Task ProcessAsync_FifoFailure_StopsAndReportsEveryLaterRecordFailed()
    {
        _executions.Behaviour = name => name == ExecutionName.For("m-2", 0) ? throw new TransientException("throttled") : ExecutionStartOutcome.Started;

        var result = await ProcessFifo(Record("m-1", Good), Record("m-2", Good), Record("m-3", Good), Record("m-4", Good));

        Assert.Equal(["m-2", "m-3", "m-4"], result.FailedMessageIds);
        Assert.Equal(
            [StarterRecordOutcome.Started, StarterRecordOutcome.Failed, StarterRecordOutcome.NotAttempted, StarterRecordOutcome.NotAttempted],
            result.Outcomes);
        Assert.Equal([ExecutionName.For("m-1", 0), ExecutionName.For("m-2", 0)], _executions.Calls.Select(c => c.Name));
    }

    [Fact]
    public async Task ProcessAsync_FifoPoisonParked_DoesNotStopTheBatch()
    {
        var result = await ProcessFifo(Record("m-1", "{"), Record("m-2", Good));

        Assert.Empty(result.FailedMessageIds);
        Assert.Single(_executions.Calls);
    }

    [Fact]
    public async Task ProcessAsync_StandardQueue_RunsRecordsInParallelUpToTheBound()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _executions.Gate = release.Task;
        _executions.InFlightTarget = 3;
        var records = Enumerable.Range(1, 10).Select(i => Record("m-" + i, Good)).ToArray();

        var processing = Process(fifo: false, maxParallelism: 3, records);
        await _executions.ReachedTarget.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, _executions.Calls.Count);
        release.SetResult();
        var result = await processing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, _executions.MaxInFlight);
        Assert.Equal(10, result.Count(StarterRecordOutcome.Started));
    }

    [Fact]
    public void IsFifoSource_ArnEndingInFifo_True()
    {
        Assert.True(StarterBatch.IsFifoSource("arn:aws:sqs:us-east-1:123456789012:ingest.fifo"));
        Assert.False(StarterBatch.IsFifoSource("arn:aws:sqs:us-east-1:123456789012:ingest"));
        Assert.False(StarterBatch.IsFifoSource(null));
    }

    private static StarterRecord Record(string id, string body, int receiveCount = 1, Dictionary<string, string>? attributes = null) => new(
        id,
        body,
        receiveCount,
        (attributes ?? []).ToDictionary(a => a.Key, a => QueueAttribute.String(a.Value), StringComparer.Ordinal));

    private Task<StarterResult> Process(params StarterRecord[] records) => Process(fifo: false, maxParallelism: 4, records);

    private Task<StarterResult> ProcessFifo(params StarterRecord[] records) => Process(fifo: true, maxParallelism: 4, records);

    private Task<StarterResult> Process(bool fifo, int maxParallelism, StarterRecord[] records)
    {
        var service = new StarterService(_executions, _dlq, new StarterOptions { MaxParallelism = maxParallelism }, NullLogger<StarterService>.Instance);
        return service.ProcessAsync(new StarterBatch(records, fifo, Starter), CancellationToken.None);
    }
}
