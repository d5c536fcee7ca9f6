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
/// transaction; the step's first attempt writes the record and its completed ledger row in one statement
/// (one round trip, one commit). Two executions of one key end with one row; both report its id.
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

        // First attempt: the record and the completed ledger row in one statement. Any existing ledger row or
        // record (a retry, a resumed invocation, a concurrent execution of the key) goes through the claim below.
        var encryptJson = await _results.GetCompletedResultAsync(key, StepNames.Encrypt, cancellationToken).ConfigureAwait(false);
        if (encryptJson is not null)
        {
            PersistResult? fresh;
            try
            {
                fresh = await _store.ClaimAndPersistAsync(BuildRecord(encryptJson, state, key, executionName), Completion(key, invocation, executionName), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await RecordFailedFirstAttemptAsync(key, invocation, ex).ConfigureAwait(false);
                throw;
            }

            if (fresh is not null)
            {
                WorkflowLog.Claimed(_logger, StepNames.Persist, StepClaimOutcome.Claimed, 1);
                WorkflowLog.Persisted(_logger, fresh.Record.Id, fresh.Inserted);
                return Output(fresh.Outcome, key, executionName);
            }
        }

        var claim = await _ledger.ClaimAsync(key, StepNames.Persist, invocation, cancellationToken).ConfigureAwait(false);
        if (!claim.MustRun)
        {
            return StepLedger.ReadStored(claim, WorkflowStepsJsonContext.Default.PersistOutput);
        }

        try
        {
            encryptJson ??= await _results.GetCompletedResultAsync(key, StepNames.Encrypt, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidMessageException(
                    InvalidMessageReasons.MissingField,
                    $"Persist found no completed encrypt step for idempotency key '{key}'. Persist only runs after Encrypt; start a new execution for the message.");
            var result = await _store.PersistAsync(BuildRecord(encryptJson, state, key, executionName), Completion(key, invocation, executionName), cancellationToken).ConfigureAwait(false);
            WorkflowLog.Persisted(_logger, result.Record.Id, result.Inserted);
            return Output(result.Outcome, key, executionName);
        }
        catch (Exception ex)
        {
            await _ledger.ReleaseAsync(key, StepNames.Persist, invocation, claim, ex).ConfigureAwait(false);
            throw;
        }
    }

    private NewRecord BuildRecord(string encryptJson, EncryptedState state, string key, string? executionName)
    {
        var encrypted = JsonSerializer.Deserialize(encryptJson, WorkflowStepsJsonContext.Default.EncryptLedgerResult)
            ?? throw new InvalidOperationException($"The encrypt ledger result for idempotency key '{key}' is JSON null.");
        if (encrypted.State.RecordId != state.RecordId)
        {
            WorkflowLog.RecordIdMismatch(_logger, state.RecordId, encrypted.State.RecordId);
        }

        return new NewRecord(
            encrypted.State.RecordId,
            key,
            encrypted.State.Type,
            encrypted.Ciphertext,
            encrypted.State.KeyId,
            encrypted.BlindIndex,
            state.MessageId,
            executionName);
    }

    private static LedgerCompletion Completion(string key, StepInvocation invocation, string? executionName) => new(
        key,
        StepNames.Persist,
        invocation.AwsRequestId,
        outcome => JsonSerializer.Serialize(Output(outcome, key, executionName), WorkflowStepsJsonContext.Default.PersistOutput));

    /// <summary>
    /// The one-statement attempt wrote no ledger row. Leave the failure in the ledger, as a
    /// committed claim would have, so the next attempt counts as attempt 2. Never throws: the original error matters more.
    /// </summary>
    private async Task RecordFailedFirstAttemptAsync(string key, StepInvocation invocation, Exception error)
    {
        if (error is StepInProgressException)
        {
            return;
        }

        try
        {
            var claim = await _ledger.Ledger.BeginAsync(key, StepNames.Persist, invocation.AwsRequestId, invocation.Lease, CancellationToken.None).ConfigureAwait(false);
            if (claim.MustRun)
            {
                await _ledger.ReleaseAsync(key, StepNames.Persist, invocation, claim, error).ConfigureAwait(false);
            }
        }
        catch (Exception recordError) when (recordError is VaultflowException or Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            WorkflowLog.ReleaseFailed(_logger, StepNames.Persist, recordError);
        }
    }

    private static PersistOutput Output(PersistOutcome outcome, string key, string? executionName) =>
        new(outcome.RecordId, outcome.Inserted, key, executionName);
}
