using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Tests.Workflow.Fakes;
using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Failures;
using Vaultflow.Core.Workflow.Ports;
using Vaultflow.Core.Workflow.Starter;
using Vaultflow.Core.Workflow.Steps;

namespace Vaultflow.Core.Tests.Workflow.DeadLetters;

/// <summary>RouteFailure and the Starter when the DLQ refuses a message (the queue itself is a fake; SQS's own answers are in the integration tests).</summary>
public class DeadLetterRefusalTests
{
    private const string Message = """{"type":"order.created","key":"k-1","data":{"n":1}}""";
    private const string Ingest = "http://127.0.0.1:1/000000000000/vaultflow-ingest";

    [Fact]
    public async Task RouteFailure_ContentRefusedOnce_SentAgainInReducedFormThatRestoresTheBody()
    {
        var dlq = new FakeDeadLetterQueue();
        dlq.Refusals.Enqueue(Refused(DeadLetterRefusal.Content, "InvalidParameterValue"));

        var output = await Step(dlq).RunAsync(Request(), Invocation(), CancellationToken.None);

        Assert.Equal(2, dlq.Attempts.Count);
        var parked = Assert.Single(dlq.Sent);
        Assert.Equal("dlq-1", output.DlqMessageId);
        Assert.Equal("retries-exhausted", output.Reason);
        var encoding = parked.Attributes[MessageAttributeNames.BodyEncoding].StringValue;
        Assert.True(DeadLetterBodyEncoding.TryDecode(encoding, parked.Body, out var restored, out _));
        Assert.Equal(Message, restored);
        Assert.Contains("InvalidParameterValue", parked.Attributes[MessageAttributeNames.FailureDetail].StringValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteFailure_QueueRefused_NonRetryableErrorThatSaysWhereTheMessageIsAndWhatToDo()
    {
        var dlq = new FakeDeadLetterQueue();
        dlq.Refusals.Enqueue(Refused(DeadLetterRefusal.Queue, "AccessDenied"));

        var error = await Assert.ThrowsAsync<DeadLetterRefusedException>(() => Step(dlq).RunAsync(Request(), Invocation(), CancellationToken.None));

        // No reduced form is tried: no form fixes access.
        Assert.Single(dlq.Attempts);
        Assert.Empty(dlq.Sent);
        Assert.False(error.IsRetryable);
        Assert.Equal("Vaultflow.DeadLetterRefused", error.ErrorType);
        Assert.Equal(DeadLetterRefusal.Queue, error.Refusal);
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Contains("execution k-1-abc-r0", error.Message, StringComparison.Ordinal);
        Assert.Contains("redrive", error.Message, StringComparison.Ordinal);
        Assert.Contains("retries-exhausted", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("order.created", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteFailure_BothFormsRefused_NonRetryableContentRefusalNamingBothAnswers()
    {
        var dlq = new FakeDeadLetterQueue();
        dlq.Refusals.Enqueue(Refused(DeadLetterRefusal.Content, "InvalidMessageContents"));
        dlq.Refusals.Enqueue(Refused(DeadLetterRefusal.Content, "InvalidParameterValue"));

        var error = await Assert.ThrowsAsync<DeadLetterRefusedException>(() => Step(dlq).RunAsync(Request(), Invocation(), CancellationToken.None));

        Assert.Equal(2, dlq.Attempts.Count);
        Assert.Equal(DeadLetterRefusal.Content, error.Refusal);
        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Contains("refused with InvalidMessageContents", error.Message, StringComparison.Ordinal);
        Assert.Contains("The reduced form", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteFailure_ReducedFormThrottled_TransientSoTheStateMachineRetries()
    {
        var dlq = new FakeDeadLetterQueue();
        dlq.Refusals.Enqueue(Refused(DeadLetterRefusal.Content, "InvalidParameterValue"));
        dlq.Refusals.Enqueue(new TransientException("throttled"));

        await Assert.ThrowsAsync<TransientException>(() => Step(dlq).RunAsync(Request(), Invocation(), CancellationToken.None));
        Assert.Equal(2, dlq.Attempts.Count);
    }

    [Fact]
    public async Task Starter_PoisonContentRefused_ParkedInReducedFormAndDone()
    {
        var dlq = new FakeDeadLetterQueue();
        dlq.Refusals.Enqueue(Refused(DeadLetterRefusal.Content, "InvalidParameterValue"));
        var attributes = Enumerable.Range(0, 5).ToDictionary(i => "p" + i, i => QueueAttribute.String("v"), StringComparer.Ordinal);
        var service = new StarterService(new FakeExecutionStarter(), dlq, new StarterOptions(), NullLogger<StarterService>.Instance);

        var result = await service.ProcessAsync(
            new StarterBatch([new StarterRecord("m-1", "{", 1, attributes)], IsFifo: false, new StartedBy("req-1", "starter")),
            CancellationToken.None);

        Assert.Equal(StarterRecordOutcome.DeadLettered, Assert.Single(result.Outcomes));
        Assert.Empty(result.FailedMessageIds);
        var parked = Assert.Single(dlq.Sent);
        Assert.Equal(InvalidMessageReasons.TruncatedJson, parked.Attributes[MessageAttributeNames.Failure].StringValue);
        Assert.DoesNotContain("p0", parked.Attributes.Keys);
        Assert.Equal("\"{\"", parked.Body);
    }

    [Fact]
    public async Task Starter_QueueRefused_RecordLeftForRedelivery()
    {
        var dlq = new FakeDeadLetterQueue();
        dlq.Refusals.Enqueue(Refused(DeadLetterRefusal.Queue, "KmsDisabled"));
        var service = new StarterService(new FakeExecutionStarter(), dlq, new StarterOptions(), NullLogger<StarterService>.Instance);

        var result = await service.ProcessAsync(
            new StarterBatch([new StarterRecord("m-1", "{", 1, new Dictionary<string, QueueAttribute>())], IsFifo: false, new StartedBy("req-1", "starter")),
            CancellationToken.None);

        Assert.Equal(["m-1"], result.FailedMessageIds);
        Assert.Single(dlq.Attempts);
    }

    private static DeadLetterRefusedException Refused(DeadLetterRefusal refusal, string code) =>
        new(refusal, code, $"SQS SendMessage to the DLQ was refused with {code}.");

    private static RouteFailureStep Step(FakeDeadLetterQueue dlq)
    {
        var database = new DownDatabase();
        return new RouteFailureStep(database, dlq, database, Ingest, NullLogger<RouteFailureStep>.Instance);
    }

    private static StepInvocation Invocation() => new("req-1", TimeSpan.FromSeconds(30));

    private static RouteFailureRequest Request()
    {
        var input = $$"""{"message":{{Message}},"idempotencyKey":"k-1","messageId":"m-1","receiveCount":1,"replayCount":0,"hops":0}""";
        return new RouteFailureRequest
        {
            Input = JsonDocument.Parse(input).RootElement.Clone(),
            Failure = new FailureInfo { Error = "Vaultflow.Transient", Cause = """{"errorType":"Vaultflow.Transient","errorMessage":"PostgreSQL failed transiently"}""" },
            ExecutionName = "k-1-abc-r0",
        };
    }
}
