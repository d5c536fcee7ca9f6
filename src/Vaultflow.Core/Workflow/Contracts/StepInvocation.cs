namespace Vaultflow.Core.Workflow.Contracts;

/// <summary>
/// What a step needs to know about the Lambda invocation running it, without knowing Lambda: the
/// request id owns the ledger claim (the same id again means the platform retried this invocation:
/// resume) and the remaining time bounds the claim's lease.
/// </summary>
/// <param name="AwsRequestId">The invocation's aws_request_id.</param>
/// <param name="RemainingTime">Time left before the invocation's deadline.</param>
public sealed record StepInvocation(string AwsRequestId, TimeSpan RemainingTime)
{
    /// <summary>The shortest lease a claim gets, so a nearly expired invocation still holds its claim while it fails.</summary>
    public static readonly TimeSpan MinimumLease = TimeSpan.FromSeconds(5);

    /// <summary>The ledger lease: the remaining time, at least <see cref="MinimumLease"/>.</summary>
    public TimeSpan Lease => RemainingTime > MinimumLease ? RemainingTime : MinimumLease;

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(AwsRequestId);
    }
}
