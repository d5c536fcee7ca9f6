using System.Text.Json;
using Amazon.SQS.Model;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Routing;
using Vaultflow.IntegrationTests.Demo;
using Vaultflow.IntegrationTests.LocalStack;

namespace Vaultflow.IntegrationTests.EndToEnd;

/// <summary>
/// The DLQ-refused runbook on the real local stack, with the CLI as a process: the DLQ is gone, a poison
/// console execution fails at RouteFailure with Vaultflow.DeadLetterRefused and a dlq-refused row;
/// `vaultflow failures` lists it; the DLQ comes back; `vaultflow redrive` re-runs only RouteFailure, which
/// parks the message; a second redrive re-runs only the Fail state, as Step Functions does.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class DlqRefusedRedriveEndToEndTests(LocalStackFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180); // the local stack shares 2 cores with builds and other suites

    [Fact]
    public async Task Redrive_AfterTheDlqIsBack_ParksTheMessageWithoutRerunningEarlierStepsAndASecondRedriveRerunsOnlyTheFailState()
    {
        var dlq = fixture.Stack.DlqUrl;
        var name = "dlq-refused-" + Guid.NewGuid().ToString("N");
        var secret = "s3cr3t-" + Guid.NewGuid().ToString("N")[..8];
        var message = $$"""{"type":"t","data":{"secret":"{{secret}}"},"colour":"blue"}""";
        var arn = "";
        await fixture.Sqs.DeleteQueueAsync(dlq);
        try
        {
            var started = await fixture.StepFunctions.StartExecutionAsync(new StartExecutionRequest(fixture.Stack.StateMachineArn, name, "{\"message\":" + message + "}"));
            arn = started.ExecutionArn;
            var failed = await FinishedAsync(arn, "the poison execution");
            Assert.True(failed.Error == "Vaultflow.DeadLetterRefused", $"{failed.Status}: {failed.Error} {failed.Cause}");
            Assert.DoesNotContain(secret, failed.Cause, StringComparison.Ordinal);
            Assert.Equal(ExecutionRedriveStatus.Redrivable, failed.RedriveStatus);

            // The operator finds it.
            var listed = await CliAsync("failures", "--reason", "dlq-refused", "--since", "1h");
            Assert.True(listed.ExitCode == 0, listed.ToString());
            var row = Assert.Single(listed.Stdout.Split('\n'), l => l.Contains('\t' + name + '\t', StringComparison.Ordinal)).Split('\t');
            Assert.Equal("dlq-refused", row[1]);
            Assert.Equal("Vaultflow.InvalidMessage", row[5]);
            Assert.Equal($"fix the DLQ, then vaultflow redrive {name}", row[6]);
            Assert.DoesNotContain(secret, listed.Stdout, StringComparison.Ordinal);

            // The fix: the DLQ exists again, at the same URL.
            var recreated = await fixture.Sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = new Uri(dlq).Segments[^1], Attributes = new Dictionary<string, string> { ["MessageRetentionPeriod"] = "1209600" } });
            Assert.Equal(new Uri(dlq).AbsolutePath, new Uri(recreated.QueueUrl).AbsolutePath);

            var dryRun = await CliAsync("redrive", name, "--dry-run");
            Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
            Assert.Contains("status\tFAILED at RouteFailure (Task)", dryRun.Stdout, StringComparison.Ordinal);
            Assert.Contains("dry run: nothing was redriven", dryRun.Stdout, StringComparison.Ordinal);
            Assert.Equal(0, (await fixture.StepFunctions.DescribeExecutionAsync(arn)).RedriveCount);

            var redrive = await CliAsync("redrive", name, "--wait", "150");
            Assert.True(redrive.ExitCode == 0, redrive.ToString());
            Assert.Contains("redrive count\t1", redrive.Stdout, StringComparison.Ordinal);
            Assert.Contains("ran\tRouteFailure, Failed", redrive.Stdout, StringComparison.Ordinal);

            var parked = Assert.Single(await PeekAsync(dlq), m => m.Body == message);
            Assert.Equal(InvalidMessageReasons.UnknownField, parked.MessageAttributes[MessageAttributeNames.Failure].StringValue);
            var after = await fixture.StepFunctions.DescribeExecutionAsync(arn);
            Assert.Equal(("FAILED", "Vaultflow.Failed", 1), (after.Status, after.Error, after.RedriveCount));
            var history = (await fixture.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest(arn, 1000))).Events;
            Assert.Equal(1, Entered(history, "Dedupe"));
            Assert.Equal(0, Entered(history, "Encrypt"));
            Assert.Equal(2, Entered(history, "RouteFailure"));
            Assert.Single(history, e => e.Type == "ExecutionStarted");
            Assert.Single(history, e => e.Type == "ExecutionRedriven");

            var resolved = await CliAsync("failures", "--since", "1h", "--json");
            Assert.True(resolved.ExitCode == 0, resolved.ToString());
            var rows = JsonDocument.Parse(resolved.Stdout).RootElement.EnumerateArray().Where(r => r.GetProperty("executionName").GetString() == name).ToList();
            Assert.Equal(["unknown-field", "dlq-refused"], rows.Select(r => r.GetProperty("reason").GetString()));
            Assert.StartsWith("done: a redrive put it in the DLQ at ", rows[1].GetProperty("nextStep").GetString(), StringComparison.Ordinal);

            // As on AWS, a FAILED execution is redrivable again: only its Fail state runs; the message is not sent twice.
            var second = await CliAsync("redrive", name, "--json");
            Assert.True(second.ExitCode == 0, second.ToString());
            Assert.Contains("Fail state 'Failed'", second.Stderr, StringComparison.Ordinal);
            using var report = JsonDocument.Parse(second.Stdout);
            var outcome = report.RootElement.GetProperty("after");
            Assert.Equal(2, outcome.GetProperty("redriveCount").GetInt32());
            Assert.Equal(["Failed"], outcome.GetProperty("ran").EnumerateArray().Select(s => s.GetString()));
            Assert.Equal(2, Entered((await fixture.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest(arn, 1000))).Events, "RouteFailure"));
            Assert.Single(await PeekAsync(dlq), m => m.Body == message);
        }
        finally
        {
            await fixture.Sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = new Uri(dlq).Segments[^1], Attributes = new Dictionary<string, string> { ["MessageRetentionPeriod"] = "1209600" } });
            await DeleteAsync(dlq, message);
        }
    }

    private static int Entered(IEnumerable<HistoryEvent> history, string state) =>
        history.Count(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal)
            && e.Details!["stateEnteredEventDetails"].GetProperty("name").GetString() == state);

    private Task<DescribeExecutionResponse> FinishedAsync(string arn, string what) =>
        Eventually.WaitAsync(() => fixture.StepFunctions.DescribeExecutionAsync(arn), d => d.Status != "RUNNING", Deadline, what);

    private Task<ProcessResult> CliAsync(params string[] args) => CliProcess.RunAsync(
        "dotnet",
        [LocalStackProcess.CliPath, .. args],
        new Dictionary<string, string> { ["VAULTFLOW_STATE_DIR"] = fixture.Process.StateDirectory, ["CI"] = "true" },
        TimeSpan.FromSeconds(200));

    /// <summary>The DLQ's messages without consuming them (visibility 0).</summary>
    private async Task<List<Message>> PeekAsync(string queue)
    {
        var seen = new Dictionary<string, Message>(StringComparer.Ordinal);
        for (var i = 0; i < 5; i++)
        {
            var response = await fixture.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queue, MaxNumberOfMessages = 10, VisibilityTimeout = 0, MessageAttributeNames = ["All"] });
            foreach (var m in response.Messages ?? [])
            {
                seen.TryAdd(m.MessageId, m);
            }
        }

        return [.. seen.Values];
    }

    /// <summary>Removes this test's letter so other tests of the collection see the DLQ as they left it.</summary>
    private async Task DeleteAsync(string queue, string body)
    {
        var response = await fixture.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queue, MaxNumberOfMessages = 10, VisibilityTimeout = 30 });
        foreach (var m in response.Messages ?? [])
        {
            if (m.Body == body)
            {
                await fixture.Sqs.DeleteMessageAsync(queue, m.ReceiptHandle);
            }
            else
            {
                await fixture.Sqs.ChangeMessageVisibilityAsync(queue, m.ReceiptHandle, 0);
            }
        }
    }
}
