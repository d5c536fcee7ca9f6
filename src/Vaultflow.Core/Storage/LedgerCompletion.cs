namespace Vaultflow.Core.Storage;

/// <summary>
/// The ledger step to complete in the same transaction as a persist. The result JSON is built from
/// the outcome because it names the record id (on a duplicate, the existing row's id).
/// </summary>
public sealed record LedgerCompletion(
    string IdempotencyKey,
    string Step,
    string AwsRequestId,
    Func<PersistOutcome, string> BuildResultJson);
