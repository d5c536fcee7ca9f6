using Vaultflow.Lambda.Annotations;
using Vaultflow.Lambda.Context;

namespace Vaultflow.Lambda.GeneratedSample;

/// <summary>The example, verbatim: an SQS-triggered function returning a partial batch response.</summary>
public sealed class StarterFunction
{
    [LambdaFunction(Name = "Starter", MemorySize = 256, Timeout = 30)]
    [SqsEvent("@IngestQueue", BatchSize = 10)]
    public Task<SampleBatchResponse> StartAsync(SampleSqsEvent batch, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);

        // Stand-in for real work: records whose body is not a JSON object fail and are redelivered.
        var failures = batch.Records
            .Where(r => !r.Body.TrimStart().StartsWith('{'))
            .Select(r => new SampleBatchItemFailure(r.MessageId))
            .ToList();
        return Task.FromResult(new SampleBatchResponse(failures));
    }
}
