using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Workflow.Contracts;

namespace Vaultflow.Core.Workflow.Steps;

/// <summary>
/// Writes the record Encrypt prepared (read back from the <c>encrypt</c> ledger result) with
/// <c>INSERT ... ON CONFLICT DO NOTHING</c>, completing the <c>persist</c> ledger step in the same
/// transaction. Two executions of one key end with one row; both report its id.
/// </summary>
public sealed class PersistStep
{
    private readonly StepLedger _ledger;
    private readonly ILedgerResultReader _results;
    private readonly IRecordStore _store;
    private readonly ILogger _logger;

    public PersistStep(IIdempotencyLedger ledger, ILedgerResultReader results, IRecordStore store, ILogger<PersistStep> logger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(logger);
        _ledger = new StepLedger(ledger, logger);
        _results = results;
        _store = store;
        _logger = logger;
    }

    public async Task<PersistOutput> RunAsync(PersistRequest request, StepInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(invocation);
        invocation.Validate();
        var state = StepInputs.Require(request.Workflow, "$.workflow", "Persist");
        var key = state.IdempotencyKey;
        var executionName = request.ExecutionName;
        using var scope = WorkflowLog.Scope(_logger, invocation.AwsRequestId, key, executionName);

        var claim = await _ledger.ClaimAsync(key, StepNames.Persist, invocation, cancellationToken).ConfigureAwait(false);
        if (!claim.MustRun)
        {
            return StepLedger.ReadStored(claim, WorkflowStepsJsonContext.Default.PersistOutput);
        }

        try
        {
            var encryptJson = await _results.GetCompletedResultAsync(key, StepNames.Encrypt, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidMessageException(
                    InvalidMessageReasons.MissingField,
                    $"Persist found no completed encrypt step for idempotency key '{key}'. Persist only runs after Encrypt; start a new execution for the message.");
            var encrypted = JsonSerializer.Deserialize(encryptJson, WorkflowStepsJsonContext.Default.EncryptLedgerResult)
                ?? throw new InvalidOperationException($"The encrypt ledger result for idempotency key '{key}' is JSON null.");
            if (encrypted.State.RecordId != state.RecordId)
            {
                WorkflowLog.RecordIdMismatch(_logger, state.RecordId, encrypted.State.RecordId);
            }

            var record = new NewRecord(
                encrypted.State.RecordId,
                key,
                encrypted.State.Type,
                encrypted.Ciphertext,
                encrypted.State.KeyId,
                encrypted.BlindIndex,
                state.MessageId,
                executionName);
            var completion = new LedgerCompletion(
                key,
                StepNames.Persist,
                invocation.AwsRequestId,
                outcome => JsonSerializer.Serialize(Output(outcome, key, executionName), WorkflowStepsJsonContext.Default.PersistOutput));
            var result = await _store.PersistAsync(record, completion, cancellationToken).ConfigureAwait(false);
            WorkflowLog.Persisted(_logger, result.Record.Id, result.Inserted);
            return Output(result, key, executionName);
        }
        catch (Exception ex)
        {
            await _ledger.ReleaseAsync(key, StepNames.Persist, invocation, claim, ex).ConfigureAwait(false);
            throw;
        }
    }

    private static PersistOutput Output(PersistResult result, string key, string? executionName) =>
        new(result.Record.Id, result.Inserted, key, executionName);
}
