using System.Text.Json;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.IntegrationTests.Sqs;
using Vaultflow.IntegrationTests.StepFunctions;

namespace Vaultflow.IntegrationTests.Cli;

[Collection(CliCollection.Name)]
public sealed class ExecutionsCommandTests(LocalSqsFixture sqs, LocalStepFunctionsFixture sfn)
{
    private const string Definition = """
        {"StartAt":"Check","States":{
          "Check":{"Type":"Choice","Choices":[{"Variable":"$.ok","BooleanEquals":true,"Next":"Done"}],"Default":"Boom"},
          "Done":{"Type":"Succeed"},
          "Boom":{"Type":"Fail","Error":"Vaultflow.InvalidMessage","Cause":"bad order"}}}
        """;

    [Fact]
    public async Task ExecutionsAndExecution_AgainstLocalStepFunctions_ListFilterAndDescribeWithHistory()
    {
        using var client = sfn.Client();
        var machine = await client.CreateStateMachineAsync(new CreateStateMachineRequest("cli-" + Guid.NewGuid().ToString("N")[..10], Definition, LocalStepFunctionsFixture.Role));
        var good = await client.StartExecutionAsync(new StartExecutionRequest(machine.StateMachineArn, "order-good", """{"ok":true}"""));
        var bad = await client.StartExecutionAsync(new StartExecutionRequest(machine.StateMachineArn, "order-bad", """{"ok":false}"""));
        await LocalStepFunctionsFixture.WaitForEndAsync(client, good.ExecutionArn);
        await LocalStepFunctionsFixture.WaitForEndAsync(client, bad.ExecutionArn);
        using var stack = await CliStack.CreateAsync(sqs, sfn.Endpoint, machine.StateMachineArn);

        var all = await stack.RunAsync("executions", "--json");
        var failed = await stack.RunAsync("executions", "--status", "failed");
        var byName = await stack.RunAsync("executions", "--name", "good");
        var described = await stack.RunAsync("execution", "order-bad", "--json");
        var plain = await stack.RunAsync("execution", bad.ExecutionArn);

        Assert.True(all.ExitCode == 0, all.Err);
        using var list = JsonDocument.Parse(all.Out);
        Assert.Equal(["order-bad", "order-good"], list.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).Order().ToArray());
        Assert.Contains("order-bad\tFAILED", failed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("order-good", failed.Out, StringComparison.Ordinal);
        Assert.Contains("order-good\tSUCCEEDED", byName.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("order-bad", byName.Out, StringComparison.Ordinal);

        Assert.True(described.ExitCode == 0, described.Err);
        using var doc = JsonDocument.Parse(described.Out);
        Assert.Equal("FAILED", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("Vaultflow.InvalidMessage", doc.RootElement.GetProperty("error").GetString());
        var history = doc.RootElement.GetProperty("history").EnumerateArray().ToList();
        Assert.Contains(history, e => e.GetProperty("state").GetString() == "Check");
        Assert.Contains(history, e => e.GetProperty("type").GetString() == "ExecutionFailed" && e.GetProperty("errorCause").GetString() == "Vaultflow.InvalidMessage: bad order");
        Assert.Contains("ExecutionFailed", plain.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execution_UnknownName_FailsWithHint()
    {
        using var client = sfn.Client();
        var machine = await client.CreateStateMachineAsync(new CreateStateMachineRequest("cli-" + Guid.NewGuid().ToString("N")[..10], Definition, LocalStepFunctionsFixture.Role));
        using var stack = await CliStack.CreateAsync(sqs, sfn.Endpoint, machine.StateMachineArn);

        var run = await stack.RunAsync("execution", "no-such-run");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("vaultflow executions", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executions_BadStatus_IsAUsageError()
    {
        using var stack = await CliStack.CreateAsync(sqs, sfn.Endpoint);

        var run = await stack.RunAsync("executions", "--status", "DONE");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("SUCCEEDED", run.Err, StringComparison.Ordinal);
    }
}
