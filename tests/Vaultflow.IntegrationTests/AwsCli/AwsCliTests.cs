using System.Text.Json;
using Vaultflow.IntegrationTests.Demo;
using Vaultflow.IntegrationTests.EndToEnd;

namespace Vaultflow.IntegrationTests.AwsCli;

/// <summary>Acceptance: the plain AWS CLI against the local stack, as the quick start shows it.</summary>
[Collection(DemoStackCollection.Name)]
public sealed class AwsCliTests(DemoStackFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [AwsCliFact]
    public async Task SqsSendMessage_ValidMessage_PersistsOneRow()
    {
        var key = "awscli-" + Guid.NewGuid().ToString("N");
        var body = $$$"""{"type":"order.created","key":"{{{key}}}","data":{"orderId":42,"total":12.5}}""";

        using var sent = await AwsCli.RunAsync(fixture.Stack, "--endpoint-url", fixture.Stack.SqsEndpoint, "sqs", "send-message", "--queue-url", fixture.Stack.IngestQueueUrl, "--message-body", body);

        var messageId = sent.RootElement.GetProperty("MessageId").GetString();
        Assert.False(string.IsNullOrEmpty(messageId));
        var rows = await Eventually.WaitAsync(() => SourceMessageIdsAsync(key), r => r.Count > 0, Deadline, $"a record for {key}");
        Assert.Equal(messageId, Assert.Single(rows));
    }

    [AwsCliFact]
    public async Task StepFunctionsStartExecution_ConsoleInput_DescribeReportsSucceeded()
    {
        var key = "awscli-console-" + Guid.NewGuid().ToString("N");
        var input = $$$$"""{"message": {"type":"order.created","key":"{{{{key}}}}","data":{"orderId":4001,"total":3.5}}}""";
        var name = "console-" + Guid.NewGuid().ToString("N");

        using var started = await AwsCli.RunAsync(fixture.Stack, "--endpoint-url", fixture.Stack.SfnEndpoint, "stepfunctions", "start-execution", "--state-machine-arn", fixture.Stack.StateMachineArn, "--name", name, "--input", input);

        var arn = started.RootElement.GetProperty("executionArn").GetString()!;
        Assert.EndsWith(":" + name, arn, StringComparison.Ordinal);
        var status = await Eventually.WaitAsync(
            async () =>
            {
                using var described = await AwsCli.RunAsync(fixture.Stack, "--endpoint-url", fixture.Stack.SfnEndpoint, "stepfunctions", "describe-execution", "--execution-arn", arn);
                return described.RootElement.GetProperty("status").GetString();
            },
            s => s != "RUNNING",
            Deadline,
            "the execution to finish");
        Assert.Equal("SUCCEEDED", status);
        Assert.Single(await SourceMessageIdsAsync(key));
    }

    private async Task<List<string?>> SourceMessageIdsAsync(string key)
    {
        await using var command = fixture.Owner.CreateCommand("SELECT source_message_id FROM records WHERE idempotency_key = @key");
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string?>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return ids;
    }
}
