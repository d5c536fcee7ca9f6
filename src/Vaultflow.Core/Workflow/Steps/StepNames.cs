namespace Vaultflow.Core.Workflow.Steps;

/// <summary>
/// Ledger step names. Dedupe and RouteFailure are keyed by the execution name (their decision belongs
/// to one execution: a second execution of the same key must see the record the first one wrote);
/// Encrypt and Persist by the idempotency key (their work belongs to the message, whichever execution runs it).
/// </summary>
public static class StepNames
{
    public const string Dedupe = "dedupe";
    public const string Encrypt = "encrypt";
    public const string Persist = "persist";
    public const string RouteFailure = "route-failure";
}
