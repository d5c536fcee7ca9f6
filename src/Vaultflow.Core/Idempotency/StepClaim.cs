namespace Vaultflow.Core.Idempotency;

/// <summary>How <see cref="IIdempotencyLedger.BeginAsync"/> resolved a (key, step).</summary>
public enum StepClaimOutcome
{
    /// <summary>First time: the step is new and this request owns it (attempt 1).</summary>
    Claimed,

    /// <summary>This same request already owned it in progress: the platform retried the invocation. Attempt unchanged.</summary>
    Resumed,

    /// <summary>The previous owner failed or its lease expired; this request took over (attempt + 1).</summary>
    Retried,

    /// <summary>The step completed earlier: use <see cref="StepClaim.ResultJson"/> and do no work.</summary>
    AlreadyCompleted,
}

/// <summary>The caller's standing on one step of one idempotency key.</summary>
/// <param name="Attempt">The step's attempt count: 1 on the first run, +1 on every take-over.</param>
/// <param name="LeaseExpiresAt">When this request's lease ends (database clock); null when completed.</param>
/// <param name="ResultJson">The stored result when <see cref="Outcome"/> is AlreadyCompleted, else null.</param>
public sealed record StepClaim(
    StepClaimOutcome Outcome,
    string IdempotencyKey,
    string Step,
    string AwsRequestId,
    int Attempt,
    DateTimeOffset? LeaseExpiresAt,
    string? ResultJson)
{
    /// <summary>True when the caller must do the step's work (and then complete or fail it).</summary>
    public bool MustRun => Outcome != StepClaimOutcome.AlreadyCompleted;
}
