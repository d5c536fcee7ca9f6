using System.Text.Json;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.IntegrationTests.Sqs;
using Vaultflow.IntegrationTests.StepFunctions;

namespace Vaultflow.IntegrationTests.Cli;

/// <summary>`vaultflow redrive` against the local Step Functions server: plan, refusals, exit codes.</summary>
[Collection(CliCollection.Name)]
public sealed class RedriveCommandTests(LocalSqsFixture sqs, LocalStepFunctionsFixture sfn)
{
    private const string Role = "arn:aws:iam::000000000000:role/local";

    // ok=true succeeds; otherwise a Pass state fails (a missing path) while the input has no "fixed",
    // so a redrive with the same input fails again at the same state.
    private const string Definition = """
        {"StartAt":"Check","States":{
          "Check":{"Type":"Choice","Choices":[{"Variable":"$.ok","BooleanEquals":true,"Next":"Done"}],"Default":"Shape"},
          "Shape":{"Type":"Pass","Parameters":{"v.$":"$.fixed"},"Next":"Done"},
          "Done":{"Type":"Succeed"}}}
        """;

    [Fact]
    public async Task Redrive_SucceededExecution_ExitOneWithStepFunctionsReasonAndNothingRedriven()
    {
        var (stack, client, arn) = await StartAsync("ok", """{"ok":true}""");
        using (stack)
        using (client)
        {
            var run = await stack.RunAsync("redrive", "ok");

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("error: execution ok cannot be redriven: Execution is SUCCEEDED and cannot be redriven.", run.Err, StringComparison.Ordinal);
            Assert.Contains("not redrivable: Execution is SUCCEEDED", run.Out, StringComparison.Ordinal);
            Assert.Equal(0, (await client.DescribeExecutionAsync(arn)).RedriveCount);
        }
    }

    [Fact]
    public async Task Redrive_StateFailsAgainWithTheSameInput_ExitOneNamingTheStateAndCountsTheRedrive()
    {
        var (stack, client, arn) = await StartAsync("shape", """{"ok":false}""");
        using (stack)
        using (client)
        {
            var dry = await stack.RunAsync("redrive", "shape", "--dry-run", "--json");
            var run = await stack.RunAsync("redrive", arn, "--wait", "20");

            Assert.True(dry.ExitCode == 0, dry.Err);
            using var plan = JsonDocument.Parse(dry.Out);
            Assert.Equal("Shape", plan.RootElement.GetProperty("before").GetProperty("state").GetString());
            Assert.True(plan.RootElement.GetProperty("before").GetProperty("redrivable").GetBoolean());
            Assert.True(plan.RootElement.GetProperty("dryRun").GetBoolean());
            Assert.False(plan.RootElement.TryGetProperty("redriveDate", out _));
            Assert.True(run.ExitCode == 1, run.Out + run.Err);
            Assert.Contains("status\tFAILED at Shape (Pass)", run.Out, StringComparison.Ordinal);
            Assert.Contains("redrive count\t1", run.Out, StringComparison.Ordinal);
            Assert.Contains("ran\tShape", run.Out, StringComparison.Ordinal);
            Assert.Contains("error: shape failed again at Shape", run.Err, StringComparison.Ordinal);
            Assert.Equal(1, (await client.DescribeExecutionAsync(arn)).RedriveCount);
            var described = await stack.RunAsync("execution", "shape", "--json");
            using var doc = JsonDocument.Parse(described.Out);
            Assert.Equal(1, doc.RootElement.GetProperty("redriveCount").GetInt32());
            Assert.Equal("REDRIVABLE", doc.RootElement.GetProperty("redriveStatus").GetString());
            Assert.Contains(doc.RootElement.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == "ExecutionRedriven");
        }
    }

    [Fact]
    public async Task Redrive_UnknownExecutionOrBadWait_FailureAndUsageExitCodes()
    {
        var (stack, client, _) = await StartAsync("any", """{"ok":true}""");
        using (stack)
        using (client)
        {
            var missing = await stack.RunAsync("redrive", "no-such-run");
            var badWait = await stack.RunAsync("redrive", "any", "--wait", "-1");

            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("does not exist", missing.Err, StringComparison.Ordinal);
            Assert.Contains("vaultflow failures", missing.Err, StringComparison.Ordinal);
            Assert.Equal(2, badWait.ExitCode);
        }
    }

    private async Task<(CliStack Stack, StepFunctionsClient Client, string Arn)> StartAsync(string name, string input)
    {
        var client = sfn.Client();
        var machine = await client.CreateStateMachineAsync(new CreateStateMachineRequest("redrive-" + Guid.NewGuid().ToString("N")[..10], Definition, Role));
        var started = await client.StartExecutionAsync(new StartExecutionRequest(machine.StateMachineArn, name, input));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await client.DescribeExecutionAsync(started.ExecutionArn, deadline.Token)).Status == "RUNNING")
        {
            await Task.Delay(25, deadline.Token);
        }

        return (await CliStack.CreateAsync(sqs, sfn.Endpoint, machine.StateMachineArn), client, started.ExecutionArn);
    }
}
