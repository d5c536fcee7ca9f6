using Npgsql;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;

namespace Vaultflow.Core.Tests.Workflow.Fakes;

/// <summary>A ledger whose FailAsync (the release) throws the given errors first, then succeeds; it counts the calls.</summary>
internal sealed class FlakyReleaseLedger(params Exception[] releaseErrors) : IIdempotencyLedger
{
    private readonly Queue<Exception> _errors = new(releaseErrors);

    public int FailCalls { get; private set; }

    public bool Released { get; private set; }

    public Task<StepClaim> BeginAsync(string idempotencyKey, string step, string awsRequestId, TimeSpan leaseDuration, CancellationToken cancellationToken = default) =>
        Task.FromResult(new StepClaim(StepClaimOutcome.Claimed, idempotencyKey, step, awsRequestId, 1, DateTimeOffset.UtcNow + leaseDuration, null));

    public Task CompleteAsync(string idempotencyKey, string step, string awsRequestId, string resultJson, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    public Task<bool> FailAsync(string idempotencyKey, string step, string awsRequestId, string errorType, string message, CancellationToken cancellationToken = default)
    {
        FailCalls++;
        if (_errors.TryDequeue(out var error))
        {
            throw error;
        }

        Released = true;
        return Task.FromResult(true);
    }
}
