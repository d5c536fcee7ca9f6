using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Tests.Workflow.Fakes;
using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Steps;

namespace Vaultflow.Core.Tests.Workflow;

// Found by the chaos run: with PostgreSQL down longer than the steps' retry budgets (a failover), the failed
// step was caught, but RouteFailure could not claim its ledger row either, exhausted its retries and the
// execution failed with the message nowhere: the Starter had already deleted it from the ingest queue.
public class RouteFailureStepTests
{
    private const string Message = """{"type":"order.created","key":"k-1","data":{"n":1}}""";

    [Fact]
    public async Task RunAsync_DatabaseDown_StillSendsTheMessageToTheDlqWithoutAFailureRow()
    {
        var database = new DownDatabase();
        var dlq = new FakeDeadLetterQueue();
        var step = new RouteFailureStep(database, dlq, database, "http://127.0.0.1:1/000000000000/vaultflow-ingest", NullLogger<RouteFailureStep>.Instance);

        var output = await step.RunAsync(Request(), new StepInvocation("req-1", TimeSpan.FromSeconds(30)), CancellationToken.None);

        var sent = Assert.Single(dlq.Sent);
        Assert.Equal(Message, sent.Body);
        Assert.Equal("retries-exhausted", sent.Attributes[MessageAttributeNames.Failure].StringValue);
        Assert.Equal("retries-exhausted", output.Reason);
        Assert.Equal(0, output.FailureId);
        Assert.Equal(2, database.Calls);
    }

    [Fact]
    public async Task RunAsync_DatabaseAndDlqDown_ThrowsSoTheStateMachineRetries()
    {
        var database = new DownDatabase();
        var dlq = new FakeDeadLetterQueue { Fail = true };
        var step = new RouteFailureStep(database, dlq, database, "http://127.0.0.1:1/000000000000/vaultflow-ingest", NullLogger<RouteFailureStep>.Instance);

        await Assert.ThrowsAsync<TransientException>(() => step.RunAsync(Request(), new StepInvocation("req-1", TimeSpan.FromSeconds(30)), CancellationToken.None));
        Assert.Empty(dlq.Sent);
    }

    private static RouteFailureRequest Request()
    {
        var input = $$"""{"message":{{Message}},"idempotencyKey":"k-1","messageId":"m-1","receiveCount":1,"replayCount":0,"hops":0}""";
        var cause = """{"errorType":"Vaultflow.Transient","errorMessage":"PostgreSQL failed transiently","stackTrace":[]}""";
        return new RouteFailureRequest
        {
            Input = JsonDocument.Parse(input).RootElement.Clone(),
            Failure = new FailureInfo { Error = "Vaultflow.Transient", Cause = cause },
            ExecutionName = "k-1-abc-r0",
        };
    }
}
