namespace Vaultflow.Core.Storage;

/// <summary>
/// The ledger step to complete in the same transaction as a persist. The result JSON is built from
/// the outcome because only then is the record id known (on a duplicate it is the existing row's id).
/// </summary>
public sealed record LedgerCompletion(
    string IdempotencyKey,
    string Step,
    string AwsRequestId,
    Func<PersistResult, string> BuildResultJson);
