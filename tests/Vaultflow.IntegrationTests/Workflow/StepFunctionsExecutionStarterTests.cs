using System.Text;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Ports;
using Vaultflow.IntegrationTests.StepFunctions;

namespace Vaultflow.IntegrationTests.Workflow;

/// <summary>The Starter's Step Functions adapter against the local Step Functions endpoint (real HTTP, SigV4-signed).</summary>
[Collection(WorkflowCollection.Name)]
public sealed class StepFunctionsExecutionStarterTests(LocalStepFunctionsFixture sfn)
{
    private const string PassDefinition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";

    [Fact]
    public async Task StartAsync_NewNameThenSameNameOtherInput_StartedThenAlreadyExists()
    {
        using var client = sfn.Client();
        var starter = new StepFunctionsExecutionStarter(client, await CreateMachineAsync(client));
        var name = "exec-" + Guid.NewGuid().ToString("N");

        var first = await starter.StartAsync(name, Encoding.UTF8.GetBytes("""{"a":1}"""), CancellationToken.None);
        var second = await starter.StartAsync(name, Encoding.UTF8.GetBytes("""{"a":2}"""), CancellationToken.None);

        Assert.Equal(ExecutionStartOutcome.Started, first);
        Assert.Equal(ExecutionStartOutcome.AlreadyExists, second);
    }

    [Fact]
    public async Task StartAsync_Throttled_TransientException()
    {
        using var client = sfn.Client(maxAttempts: 1);
        var starter = new StepFunctionsExecutionStarter(client, await CreateMachineAsync(client));
        await sfn.SetFaultsAsync(new { throttleStartNext = 1 });

        var error = await Assert.ThrowsAsync<TransientException>(() => starter.StartAsync("exec-" + Guid.NewGuid().ToString("N"), Encoding.UTF8.GetBytes("{}"), CancellationToken.None));

        Assert.Contains("ThrottlingException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_MissingStateMachine_NotTransient()
    {
        using var client = sfn.Client(maxAttempts: 1);
        var starter = new StepFunctionsExecutionStarter(client, "arn:aws:states:us-east-1:000000000000:stateMachine:missing-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => starter.StartAsync("exec-1", Encoding.UTF8.GetBytes("{}"), CancellationToken.None));

        Assert.False(error.IsRetryable);
    }

    private static async Task<string> CreateMachineAsync(StepFunctionsClient client) =>
        (await client.CreateStateMachineAsync(new CreateStateMachineRequest("m-" + Guid.NewGuid().ToString("N")[..12], PassDefinition, "arn:aws:iam::000000000000:role/local"))).StateMachineArn;
}
