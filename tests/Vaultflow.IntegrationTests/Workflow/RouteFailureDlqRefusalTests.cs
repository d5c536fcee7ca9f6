using System.Text;
using System.Text.Json;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Aws.Replay;
using Vaultflow.Aws.Sqs;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Failures;
using Vaultflow.Core.Workflow.Steps;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Sqs;

namespace Vaultflow.IntegrationTests.Workflow;

/// <summary>
/// RouteFailure against the real local SQS when the DLQ refuses the message: the reduced form lands in the
/// DLQ and replays to the original body; a queue that refuses everything fails the execution for good with a
/// dlq-refused failure row, and a second run after the fix (a redrive) parks the message.
/// </summary>
[Collection(WorkflowCollection.Name)]
public sealed class RouteFailureDlqRefusalTests(PostgresFixture postgres, LocalSqsFixture sqs) : IDisposable
{
    private const string Cause = """{"errorType":"Vaultflow.Transient","errorMessage":"PostgreSQL failed transiently","stackTrace":[]}""";

    private readonly WorkflowHarness _harness = new(postgres.App);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task RunAsync_MessageOverTheDlqSizeLimit_ParkedReducedAndReplayedToItsOriginalBody()
    {
        // A DLQ whose MaximumMessageSize (64 KiB) is below the message: SQS refuses the first form for its size.
        var dlq = await CreateQueueAsync("dlq", maximumMessageSize: 65_536);
        var ingest = await CreateQueueAsync("ingest");
        var key = "big-" + Guid.NewGuid().ToString("N");
        var message = "{\"type\":\"order.created\",\"key\":\"" + key + "\",\"data\":{\"lines\":\"" + string.Concat(Enumerable.Repeat("Zoë ordered 2 × 😀 widgets; ", 4_000)) + "\"}}";
        Assert.True(Encoding.UTF8.GetByteCount(message) > 100_000);
        var messageId = Guid.NewGuid().ToString();
        var name = WorkflowHarness.NewExecutionName();
        var input = WorkflowHarness.StarterInput(message, messageId);
        var original = JsonDocument.Parse(input).RootElement.GetProperty("message").GetRawText();

        var output = await RunAsync(Step(dlq, ingest), input, name, "req-1");

        var parked = await PeekAsync(dlq);
        Assert.Equal(output.DlqMessageId, parked.MessageId);
        Assert.Equal(DeadLetterBodyEncoding.GzipBase64, parked.MessageAttributes[MessageAttributeNames.BodyEncoding].StringValue);
        Assert.True(Encoding.UTF8.GetByteCount(parked.Body) < 65_536);
        Assert.Equal("retries-exhausted", parked.MessageAttributes[MessageAttributeNames.Failure].StringValue);
        Assert.Equal(messageId, parked.MessageAttributes[MessageAttributeNames.OriginId].StringValue);
        Assert.Contains("InvalidParameterValue", parked.MessageAttributes[MessageAttributeNames.FailureDetail].StringValue, StringComparison.Ordinal);
        Assert.Equal(1, await Db.CountAsync(
            postgres.Owner,
            "SELECT count(*) FROM failures WHERE id = @id AND reason = 'retries-exhausted' AND cause LIKE '%gzip-base64%' AND cause NOT LIKE '%widgets%'",
            ("id", output.FailureId)));

        var report = await new DlqReplayer(sqs.Client).RunAsync(new ReplayOptions { DlqUrl = dlq, IngestQueueUrl = ingest, WaitTimeSeconds = 0 });

        Assert.Single(report.Moved);
        var replayed = Assert.Single(await sqs.ReceiveAsync(ingest, 1));
        Assert.Equal(original, replayed.Body);
        Assert.False(replayed.MessageAttributes.ContainsKey(MessageAttributeNames.BodyEncoding));
        Assert.False(replayed.MessageAttributes.ContainsKey(MessageAttributeNames.Failure));
        Assert.Equal("1", replayed.MessageAttributes[MessageAttributeNames.ReplayCount].StringValue);
        Assert.Equal(messageId, replayed.MessageAttributes[MessageAttributeNames.OriginId].StringValue);
        Assert.Empty(await sqs.ReceiveAsync(dlq, 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task RunAsync_EscapedBodyOverTheLimit_ParkedCompressedAndReplayRefusesTheUnsendableOriginal()
    {
        // A console input may hold a raw U+FFFF, which SQS cannot carry: escaped as \uffff it grows sixfold past 256 KiB.
        var dlq = await CreateQueueAsync("dlq", maximumMessageSize: 262_144);
        var ingest = await CreateQueueAsync("ingest");
        var message = "{\"type\":\"t\",\"data\":{\"s\":\"" + new string('\uffff', 45_000) + "\"}}";
        var name = WorkflowHarness.NewExecutionName();

        var output = await RunAsync(Step(dlq, ingest), "{\"message\":" + message + "}", name, "req-1");

        var parked = await PeekAsync(dlq);
        Assert.Equal(output.DlqMessageId, parked.MessageId);
        var encoding = parked.MessageAttributes[MessageAttributeNames.BodyEncoding].StringValue;
        Assert.Equal(DeadLetterBodyEncoding.GzipBase64, encoding);
        Assert.True(DeadLetterBodyEncoding.TryDecode(encoding, parked.Body, out var restored, out _));
        Assert.Equal(message, restored);

        var report = await new DlqReplayer(sqs.Client).RunAsync(new ReplayOptions { DlqUrl = dlq, IngestQueueUrl = ingest, WaitTimeSeconds = 0 });

        var refusal = Assert.Single(report.Refused);
        Assert.Equal(ReplayPlanner.UnsendableBody, refusal.RefusalReason);
        Assert.Contains("U+FFFF", refusal.Detail, StringComparison.Ordinal);
        Assert.Empty(report.Moved);
        Assert.Empty(await sqs.ReceiveAsync(ingest, 1, TimeSpan.FromSeconds(1)));
        Assert.Equal(output.DlqMessageId, (await PeekAsync(dlq)).MessageId);
    }

    [Fact]
    public async Task RunAsync_DlqDoesNotExist_DlqRefusedRowAndNonRetryableErrorThenARedriveAfterTheFixParksTheMessage()
    {
        var ingest = await CreateQueueAsync("ingest");
        var dlqName = "dlq-missing-" + Guid.NewGuid().ToString("N")[..12];
        var dlq = new Uri(sqs.Endpoint, "000000000000/" + dlqName).ToString();
        const string message = """{"type":"order.created","data":{"secret":"do-not-store-me"}}""";
        var messageId = Guid.NewGuid().ToString();
        var name = WorkflowHarness.NewExecutionName();
        var step = Step(dlq, ingest);
        var input = WorkflowHarness.StarterInput(message, messageId);

        var error = await Assert.ThrowsAsync<DeadLetterRefusedException>(() => RunAsync(step, input, name, "req-1"));

        Assert.Equal(DeadLetterRefusal.Queue, error.Refusal);
        Assert.False(error.IsRetryable);
        Assert.Equal(DeadLetterRefusedException.DeadLetterRefusedErrorType, error.ErrorType);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("redrive", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-store-me", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Db.CountAsync(
            postgres.Owner,
            "SELECT count(*) FROM failures WHERE reason = 'dlq-refused' AND execution_name = @name AND idempotency_key = @key AND source_message_id = @key AND error_type = 'Vaultflow.Transient' AND cause LIKE '%' || @code || '%' AND cause LIKE '%retries-exhausted%' AND cause NOT LIKE '%do-not-store-me%'",
            ("name", name),
            ("key", messageId),
            ("code", error.ErrorCode)));

        // The fix (the queue exists), then a redrive: RouteFailure runs again for the same execution.
        await sqs.Client.CreateQueueAsync(new CreateQueueRequest { QueueName = dlqName });
        var output = await RunAsync(step, input, name, "req-2");

        var parked = Assert.Single(await sqs.ReceiveAsync(dlq, 1));
        Assert.Equal(output.DlqMessageId, parked.MessageId);
        Assert.Equal(message, parked.Body);
        Assert.Equal(1, await Db.CountAsync(postgres.Owner, "SELECT count(*) FROM failures WHERE execution_name = @name AND reason = 'retries-exhausted'", ("name", name)));
    }

    private RouteFailureStep Step(string dlqUrl, string ingestUrl) =>
        new(_harness.Ledger, new SqsDeadLetterQueue(sqs.Client, dlqUrl), _harness.Store, ingestUrl, NullLogger<RouteFailureStep>.Instance);

    private async Task<string> CreateQueueAsync(string prefix, int? maximumMessageSize = null)
    {
        var request = new CreateQueueRequest { QueueName = prefix + "-" + Guid.NewGuid().ToString("N")[..12] };
        if (maximumMessageSize is { } size)
        {
            request.Attributes = new Dictionary<string, string> { ["MaximumMessageSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        return (await sqs.Client.CreateQueueAsync(request)).QueueUrl;
    }

    /// <summary>The one message on the queue, left in place (visibility 0), within a bounded wait.</summary>
    private async Task<Message> PeekAsync(string queueUrl)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var response = await sqs.Client.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 1,
                VisibilityTimeout = 0,
                WaitTimeSeconds = 1,
                MessageAttributeNames = ["All"],
            });
            if (response.Messages is [var message])
            {
                return message;
            }
        }

        throw new TimeoutException($"No message on {queueUrl} within 10 s.");
    }

    private static async Task<RouteFailureOutput> RunAsync(RouteFailureStep step, string input, string name, string requestId)
    {
        var payload = "{\"input\":" + input + ",\"failure\":{\"Error\":\"Vaultflow.Transient\",\"Cause\":" + WorkflowHarness.Quote(Cause) + "},\"executionName\":" + WorkflowHarness.Quote(name) + "}";
        var request = JsonSerializer.Deserialize(payload, WorkflowStepsJsonContext.Default.RouteFailureRequest)!;
        return await step.RunAsync(request, WorkflowHarness.Invocation(requestId), CancellationToken.None);
    }
}
