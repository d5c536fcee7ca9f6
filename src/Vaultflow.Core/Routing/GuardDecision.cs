using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Routing;

public enum GuardOutcome
{
    Allowed,

    /// <summary>Over a limit: reason <c>recursion-guard</c>.</summary>
    Refused,

    /// <summary>A vf-* attribute could not be read: reason <c>invalid-attribute</c>.</summary>
    InvalidAttribute,
}

/// <summary>The recursion guard's verdict. <see cref="State"/> is null only for invalid attributes.</summary>
public sealed record GuardDecision(GuardOutcome Outcome, RoutingState? State, string? Reason, string? Detail)
{
    public bool IsAllowed => Outcome == GuardOutcome.Allowed;

    internal static GuardDecision Allow(RoutingState state) => new(GuardOutcome.Allowed, state, null, null);

    internal static GuardDecision Refuse(RoutingState state, string detail) =>
        new(GuardOutcome.Refused, state, InvalidMessageReasons.RecursionGuard, detail);

    internal static GuardDecision Invalid(string detail) =>
        new(GuardOutcome.InvalidAttribute, null, InvalidMessageReasons.InvalidAttribute, detail);

    /// <summary>The exception for a refusal (to park the message in the DLQ); throws if allowed.</summary>
    public InvalidMessageException ToException() => IsAllowed
        ? throw new InvalidOperationException("An allowed decision has no exception.")
        : new InvalidMessageException(Reason!, Detail!);
}
