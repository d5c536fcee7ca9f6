using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Workflow.Contracts;

namespace Vaultflow.Core.Workflow.Steps;

/// <summary>
/// First step: validates the execution input (full or console-only <c>{"message": {...}}</c>), and
/// decides whether the message was persisted already. The decision is claimed in the ledger under the
/// execution name, so a retried invocation gets the same answer; the stored copy holds no message.
/// </summary>
public sealed class DedupeStep
{
    private readonly StepLedger _ledger;
    private readonly IRecordLookup _records;
    private readonly MessageLimits _limits;
    private readonly ILogger _logger;

    public DedupeStep(IIdempotencyLedger ledger, IRecordLookup records, ILogger<DedupeStep> logger, MessageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(logger);
        _ledger = new StepLedger(ledger, logger);
        _records = records;
        _limits = limits ?? MessageLimits.Default;
        _logger = logger;
    }

    /// <exception cref="InvalidMessageException">The input breaks the contract (never retried: routed to the DLQ).</exception>
    public async Task<WorkflowState> RunAsync(DedupeRequest request, StepInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(invocation);
        invocation.Validate();
        var executionName = StepInputs.RequireExecutionName(request.ExecutionName, "Dedupe");
        if (request.Input.ValueKind == JsonValueKind.Undefined)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.MissingField,
                "Dedupe received no $.input. The state machine passes the execution input as \"input.$\": \"$\".");
        }

        var parsed = WorkflowInputParser.Parse(JsonMarshal.GetRawUtf8Value(request.Input), _limits);
        var input = parsed.Input;
        using var scope = WorkflowLog.Scope(_logger, invocation.AwsRequestId, input.IdempotencyKey, executionName);

        var claim = await _ledger.ClaimAsync(executionName, StepNames.Dedupe, invocation, cancellationToken).ConfigureAwait(false);
        if (!claim.MustRun)
        {
            var stored = StepLedger.ReadStored(claim, WorkflowStepsJsonContext.Default.WorkflowState);
            return stored.Duplicate ? stored : stored with { Message = input.Message };
        }

        try
        {
            var existing = await _records.GetByIdempotencyKeyAsync(input.IdempotencyKey, cancellationToken).ConfigureAwait(false);
            var decision = new WorkflowState
            {
                IdempotencyKey = input.IdempotencyKey,
                MessageId = input.MessageId,
                ReceiveCount = input.ReceiveCount,
                ReplayCount = input.ReplayCount,
                Hops = input.Hops,
                Type = parsed.Message.Type,
                Duplicate = existing is not null,
                RecordId = existing?.Id,
            };

            // The stored copy never holds the message: no plaintext at rest outside the encrypted record.
            await _ledger.CompleteAsync(executionName, StepNames.Dedupe, invocation, decision, WorkflowStepsJsonContext.Default.WorkflowState, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                WorkflowLog.Duplicate(_logger, existing.Id);
                return decision;
            }

            WorkflowLog.NewMessage(_logger, parsed.Message.Type, parsed.IsConsoleInput, input.ReceiveCount, input.ReplayCount);
            return decision with { Message = input.Message };
        }
        catch (Exception ex)
        {
            await _ledger.ReleaseAsync(executionName, StepNames.Dedupe, invocation, claim, ex).ConfigureAwait(false);
            throw;
        }
    }
}
