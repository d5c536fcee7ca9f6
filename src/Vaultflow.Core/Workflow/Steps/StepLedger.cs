using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Workflow.Contracts;

namespace Vaultflow.Core.Workflow.Steps;

/// <summary>
/// The ledger habits every step shares: claim with the invocation's request id and lease, log the
/// attempt, and on failure release the claim (Powertools style) so the next attempt takes over with
/// attempt + 1 instead of waiting for the lease to run out.
/// </summary>
/// <param name="releaseRetryDelays">Waits before each further release attempt after a transient failure; null: <see cref="DefaultReleaseRetryDelays"/>.</param>
internal sealed class StepLedger(IIdempotencyLedger ledger, ILogger logger, IReadOnlyList<TimeSpan>? releaseRetryDelays = null)
{
    /// <summary>
    /// About 4 s in all: enough to ride out a killed connection or a fast server restart. A claim left
    /// unreleased blocks every retry of the step until its lease (the invocation's remaining time) runs out.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultReleaseRetryDelays =
        [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    public IIdempotencyLedger Ledger => ledger;

    public async Task<StepClaim> ClaimAsync(string key, string step, StepInvocation invocation, CancellationToken cancellationToken)
    {
        var claim = await ledger.BeginAsync(key, step, invocation.AwsRequestId, invocation.Lease, cancellationToken).ConfigureAwait(false);
        WorkflowLog.Claimed(logger, step, claim.Outcome, claim.Attempt);
        if (!claim.MustRun)
        {
            WorkflowLog.ReturningStored(logger, step);
        }

        return claim;
    }

    public Task CompleteAsync<T>(string key, string step, StepInvocation invocation, T result, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        ledger.CompleteAsync(key, step, invocation.AwsRequestId, JsonSerializer.Serialize(result, typeInfo), transaction: null, cancellationToken);

    /// <summary>Releases the claim after <paramref name="error"/>; never throws (the original error matters more).</summary>
    public async Task ReleaseAsync(string key, string step, StepInvocation invocation, StepClaim claim, Exception error)
    {
        if (error is StepInProgressException)
        {
            // Another request took the step over: it is no longer ours to release.
            return;
        }

        var errorType = (error as VaultflowException)?.ErrorType ?? error.GetType().Name;
        var delays = releaseRetryDelays ?? DefaultReleaseRetryDelays;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // The step's own token may be the one that was cancelled; releasing must still happen.
                await ledger.FailAsync(key, step, invocation.AwsRequestId, errorType, error.Message, CancellationToken.None).ConfigureAwait(false);
                WorkflowLog.Released(logger, step, claim.Attempt, errorType);
                return;
            }
            catch (Exception releaseError) when (releaseError is VaultflowException { IsRetryable: true } && attempt < delays.Count)
            {
                // The failure that made the step fail (a killed connection, a restarting server) often hits the release too.
                await Task.Delay(delays[attempt], CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception releaseError) when (releaseError is VaultflowException or Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
            {
                WorkflowLog.ReleaseFailed(logger, step, releaseError);
                return;
            }
        }
    }

    public static T ReadStored<T>(StepClaim claim, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(claim.ResultJson ?? throw new InvalidOperationException($"The ledger reported step '{claim.Step}' completed without a result."), typeInfo)
        ?? throw new InvalidOperationException($"The stored result of step '{claim.Step}' is JSON null.");
}
