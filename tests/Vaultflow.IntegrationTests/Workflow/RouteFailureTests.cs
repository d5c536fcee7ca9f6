using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Aws.Sqs;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Failures;
using Vaultflow.Core.Workflow.Steps;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Sqs;

namespace Vaultflow.IntegrationTests.Workflow;

[Collection(WorkflowCollection.Name)]
public sealed class RouteFailureTests(PostgresFixture postgres, LocalSqsFixture sqs) : IDisposable
{
    private readonly WorkflowHarness _harness = new(postgres.App);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task RunAsync_InvalidMessageError_OriginalMessageOnDlqWithReasonHopsAndFailureRow()
    {
        var (step, dlqUrl) = await CreateStepAsync();
        const string message = """{"type":"t","data":{"deep":{"er":1}}}""";
        var messageId = Guid.NewGuid().ToString();
        var input = WorkflowHarness.StarterInput(message, messageId, receiveCount: 1, replayCount: 1, hops: 2);
        var cause = """{"errorType":"Vaultflow.InvalidMessage","errorMessage":"too-deep: Objects are nested deeper than 32.","stackTrace":["at Vaultflow.Something()"]}""";
        var name = WorkflowHarness.NewExecutionName();

        var output = await RunAsync(step, input, "Vaultflow.InvalidMessage", cause, name, "req-1");

        Assert.Equal(InvalidMessageReasons.TooDeep, output.Reason);
        var parked = Assert.Single(await sqs.ReceiveAsync(dlqUrl, 1));
        Assert.Equal(output.DlqMessageId, parked.MessageId);
        Assert.Equal(message, parked.Body);
        Assert.Equal("too-deep", parked.MessageAttributes[MessageAttributeNames.Failure].StringValue);
        Assert.Equal("Vaultflow.InvalidMessage: too-deep: Objects are nested deeper than 32.", parked.MessageAttributes[MessageAttributeNames.FailureDetail].StringValue);
        Assert.Equal("3", parked.MessageAttributes[MessageAttributeNames.Hops].StringValue);
        Assert.Equal("1", parked.MessageAttributes[MessageAttributeNames.ReplayCount].StringValue);
        Assert.Equal(messageId, parked.MessageAttributes[MessageAttributeNames.OriginId].StringValue);
        Assert.Equal(1, await Db.CountAsync(
            postgres.Owner,
            "SELECT count(*) FROM failures WHERE id = @id AND reason = 'too-deep' AND execution_name = @name AND idempotency_key = @key AND source_message_id = @key AND error_type = 'Vaultflow.InvalidMessage'",
            ("id", output.FailureId),
            ("name", name),
            ("key", messageId)));
    }

    [Fact]
    public async Task RunAsync_SameExecutionRetried_SendsOnceAndReturnsTheStoredResult()
    {
        var (step, dlqUrl) = await CreateStepAsync();
        var input = WorkflowHarness.StarterInput("""{"type":"t","data":{}}""", Guid.NewGuid().ToString());
        var name = WorkflowHarness.NewExecutionName();

        var first = await RunAsync(step, input, "Vaultflow.Transient", "KMS throttled", name, "req-1");
        var second = await RunAsync(step, input, "Vaultflow.Transient", "KMS throttled", name, "req-2");

        Assert.Equal(first, second);
        Assert.Equal(FailureReasons.RetriesExhausted, first.Reason);
        Assert.Single(await sqs.ReceiveAsync(dlqUrl, 2, TimeSpan.FromSeconds(3)));
        Assert.Equal(1, await Db.CountAsync(postgres.Owner, "SELECT count(*) FROM failures WHERE execution_name = @name", ("name", name)));
    }

    [Fact]
    public async Task RunAsync_InputWithoutMessage_WholeInputIsTheBody()
    {
        var (step, dlqUrl) = await CreateStepAsync();
        const string input = """{"type":"order.created","data":{}}""";

        var output = await RunAsync(step, input, "Vaultflow.InvalidMessage", """{"errorMessage":"unknown-field: The field $.type is not part of the workflow input."}""", WorkflowHarness.NewExecutionName(), "req-1");

        Assert.Equal(InvalidMessageReasons.UnknownField, output.Reason);
        var parked = Assert.Single(await sqs.ReceiveAsync(dlqUrl, 1));
        Assert.Equal(input, parked.Body);
        Assert.Equal("1", parked.MessageAttributes[MessageAttributeNames.Hops].StringValue);
    }

    [Fact]
    public async Task RunAsync_ConsoleInputFails_FailureRowHasTheDerivedKey()
    {
        var (step, _) = await CreateStepAsync();
        var input = "{\"message\":{\"type\":\"t\",\"data\":{\"id\":\"" + Guid.NewGuid() + "\"}}}";
        var expectedKey = ContentHash.Compute(JsonDocument.Parse(input).RootElement.GetProperty("message"));
        var name = WorkflowHarness.NewExecutionName();

        await RunAsync(step, input, "States.Timeout", "Task timed out", name, "req-1");

        Assert.Equal(1, await Db.CountAsync(postgres.Owner, "SELECT count(*) FROM failures WHERE execution_name = @name AND idempotency_key = @key AND reason = 'step-timeout'", ("name", name), ("key", expectedKey)));
    }

    [Fact]
    public async Task Constructor_DlqIsTheIngestQueue_ConfigurationExceptionNamingTheSetting()
    {
        var url = await sqs.CreateQueueAsync("ingest");

        var error = Assert.Throws<ConfigurationException>(() => new RouteFailureStep(
            _harness.Ledger, new SqsDeadLetterQueue(sqs.Client, url), _harness.Store, url, NullLogger<RouteFailureStep>.Instance));

        Assert.Equal("VAULTFLOW_DLQ_URL", error.Setting);
        Assert.Contains("loop", error.Message, StringComparison.Ordinal);
    }

    private async Task<(RouteFailureStep Step, string DlqUrl)> CreateStepAsync()
    {
        var dlqUrl = await sqs.CreateQueueAsync("dlq");
        var ingestUrl = await sqs.CreateQueueAsync("ingest");
        return (new RouteFailureStep(_harness.Ledger, new SqsDeadLetterQueue(sqs.Client, dlqUrl), _harness.Store, ingestUrl, NullLogger<RouteFailureStep>.Instance), dlqUrl);
    }

    /// <summary>RouteFailure's Parameters: {"input.$": "$$.Execution.Input", "failure.$": "$.failure", "executionName.$": "$$.Execution.Name"}.</summary>
    private static async Task<RouteFailureOutput> RunAsync(RouteFailureStep step, string input, string error, string cause, string name, string requestId)
    {
        var payload = "{\"input\":" + input + ",\"failure\":{\"Error\":" + WorkflowHarness.Quote(error) + ",\"Cause\":" + WorkflowHarness.Quote(cause) + "},\"executionName\":" + WorkflowHarness.Quote(name) + "}";
        var request = JsonSerializer.Deserialize(payload, WorkflowStepsJsonContext.Default.RouteFailureRequest)!;
        return await step.RunAsync(request, WorkflowHarness.Invocation(requestId), CancellationToken.None);
    }
}
