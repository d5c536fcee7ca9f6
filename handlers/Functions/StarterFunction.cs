using Vaultflow.Core.Contract;
using Vaultflow.Core.Workflow.Ports;
using Vaultflow.Core.Workflow.Starter;
using Vaultflow.Handlers.Hosting;
using Vaultflow.Lambda.Annotations;
using Vaultflow.Lambda.Context;
using Vaultflow.Lambda.Events;

namespace Vaultflow.Handlers.Functions;

/// <summary>SQS ingest queue -> one Step Functions execution per message (see <see cref="StarterService"/>).</summary>
public sealed class StarterFunction(StarterService starter)
{
    [LambdaFunction(Name = FunctionNames.Starter, MemorySize = 256, Timeout = 30, Policies = [Policies.StartIngestExecutions, Policies.EncryptExecutionInput, Policies.SendToDeadLetterQueue, Policies.EncryptDeadLetterMessages, Policies.ReadIngestQueueMessages])]
    [SqsEvent("@IngestQueue", BatchSize = 10, MaximumBatchingWindowInSeconds = 1, MaximumConcurrency = 10, Filters = ["@StarterFilterPattern"])]
    public async Task<SqsBatchResponse> HandleAsync(SqsEvent batch, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);
        var records = batch.Records.Select(ToRecord).ToList();
        var isFifo = batch.Records.Count > 0 && StarterBatch.IsFifoSource(batch.Records[0].EventSourceArn);
        var result = await starter.ProcessAsync(
            new StarterBatch(records, isFifo, new StartedBy(context.AwsRequestId, context.FunctionName)),
            cancellationToken).ConfigureAwait(false);
        context.Metrics.Increment("ExecutionsStarted", result.Count(StarterRecordOutcome.Started));
        context.Metrics.Increment("DuplicateDeliveries", result.Count(StarterRecordOutcome.AlreadyExists));
        context.Metrics.Increment("PoisonMessages", result.Count(StarterRecordOutcome.DeadLettered));
        context.Metrics.Increment("RecordsLeftForRedelivery", result.FailedMessageIds.Count);
        return new SqsBatchResponse
        {
            BatchItemFailures = result.FailedMessageIds.Select(id => new SqsBatchItemFailure { ItemIdentifier = id }).ToList(),
        };
    }

    private static StarterRecord ToRecord(SqsMessage message) => new(
        message.MessageId,
        message.Body,
        message.ApproximateReceiveCount,
        message.MessageAttributes.ToDictionary(
            a => a.Key,
            a => new QueueAttribute(a.Value.DataType, a.Value.StringValue, a.Value.BinaryValue is null ? null : Convert.FromBase64String(a.Value.BinaryValue)),
            StringComparer.Ordinal));
}
