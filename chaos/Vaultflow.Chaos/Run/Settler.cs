using Amazon.SQS;
using Amazon.SQS.Model;
using Vaultflow.Aws.StepFunctions;

namespace Vaultflow.Chaos.Run;

/// <summary>
/// Waits until the pipeline is quiet: the ingest queue holds nothing (visible or in flight) and no
/// execution is running, three polls in a row, or the deadline passes.
/// </summary>
internal sealed class Settler(IAmazonSQS sqs, string ingestQueueUrl, StepFunctionsClient sfn, string stateMachineArn)
{
    public async Task<bool> WaitAsync(DateTimeOffset deadline, Func<string, Task> say, CancellationToken cancellationToken)
    {
        var quiet = 0;
        var lastReport = DateTimeOffset.MinValue;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var (queued, inFlight) = await QueueDepthAsync(cancellationToken);
            var running = await RunningAsync(cancellationToken);
            quiet = queued == 0 && inFlight == 0 && running == 0 ? quiet + 1 : 0;
            if (quiet >= 3)
            {
                return true;
            }

            if (DateTimeOffset.UtcNow - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = DateTimeOffset.UtcNow;
                await say($"  waiting: {queued} queued, {inFlight} in flight, {(running >= 1000 ? "1000+" : running)} executions running");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        return false;
    }

    public async Task<(int Queued, int InFlight)> QueueDepthAsync(CancellationToken cancellationToken)
    {
        var attributes = await sqs.GetQueueAttributesAsync(
            new GetQueueAttributesRequest(ingestQueueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]),
            cancellationToken);
        return (attributes.ApproximateNumberOfMessages, attributes.ApproximateNumberOfMessagesNotVisible);
    }

    private async Task<int> RunningAsync(CancellationToken cancellationToken)
    {
        var page = await sfn.ListExecutionsAsync(new ListExecutionsRequest(stateMachineArn, "RUNNING", 1000), cancellationToken);
        return page.Executions.Count;
    }
}
