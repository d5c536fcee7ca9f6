using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Workflow.Contracts;

namespace Vaultflow.Core.Workflow.Steps;

/// <summary>
/// Envelope-encrypts the message's canonical JSON under a new record id (UUID v7) bound to the
/// idempotency key, and computes the blind index of <c>search.email</c>. The ciphertext goes into the
/// ledger result (step <c>encrypt</c>, keyed by the idempotency key); the returned state has neither
/// plaintext nor ciphertext. From the second attempt on, the data-key cache is bypassed.
/// </summary>
public sealed class EncryptStep
{
    /// <summary>The search field that gets a blind index.</summary>
    public const string EmailField = "email";

    private readonly StepLedger _ledger;
    private readonly EnvelopeEncryptor _encryptor;
    private readonly BlindIndexer? _blindIndexer;
    private readonly MessageLimits _limits;
    private readonly ILogger _logger;

    /// <param name="blindIndexer">Null only where no message carries search fields; a message with one then fails with a configuration error.</param>
    public EncryptStep(IIdempotencyLedger ledger, EnvelopeEncryptor encryptor, BlindIndexer? blindIndexer, ILogger<EncryptStep> logger, MessageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(encryptor);
        ArgumentNullException.ThrowIfNull(logger);
        _ledger = new StepLedger(ledger, logger);
        _encryptor = encryptor;
        _blindIndexer = blindIndexer;
        _limits = limits ?? MessageLimits.Default;
        _logger = logger;
    }

    public async Task<EncryptedState> RunAsync(EncryptRequest request, StepInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(invocation);
        invocation.Validate();
        var state = StepInputs.Require(request.Workflow, "$.workflow", "Encrypt");
        if (state.Duplicate)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.InvalidField,
                $"Encrypt received a duplicate (record {state.RecordId} exists for this key). The state machine's IsDuplicate choice must end duplicates before Encrypt.");
        }

        if (state.Message is not { } message)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.MissingField,
                "Encrypt received no $.workflow.message. Pass Dedupe's output unchanged as \"workflow.$\": \"$\".");
        }

        using var scope = WorkflowLog.Scope(_logger, invocation.AwsRequestId, state.IdempotencyKey, request.ExecutionName);
        var claim = await _ledger.ClaimAsync(state.IdempotencyKey, StepNames.Encrypt, invocation, cancellationToken).ConfigureAwait(false);
        if (!claim.MustRun)
        {
            return StepLedger.ReadStored(claim, WorkflowStepsJsonContext.Default.EncryptLedgerResult).State;
        }

        try
        {
            var parsed = IngestMessageParser.Parse(JsonMarshal.GetRawUtf8Value(message), state.MessageId, _limits);
            var bypass = claim.Attempt >= 2;
            if (bypass)
            {
                WorkflowLog.BypassingCache(_logger, claim.Attempt);
            }

            var recordId = Guid.CreateVersion7();
            var plaintext = CanonicalJson.Serialize(message);
            byte[] ciphertext;
            try
            {
                ciphertext = await _encryptor.EncryptAsync(plaintext, new RecordBinding(recordId, state.IdempotencyKey), new EncryptOptions(bypass), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }

            var blindIndex = BlindIndexOf(parsed);
            var keyId = EnvelopeEncryptor.ReadKeyId(ciphertext);
            var encrypted = new EncryptedState
            {
                IdempotencyKey = state.IdempotencyKey,
                MessageId = state.MessageId,
                ReceiveCount = state.ReceiveCount,
                ReplayCount = state.ReplayCount,
                Hops = state.Hops,
                Type = parsed.Type,
                RecordId = recordId,
                KeyId = keyId,
                HasBlindIndex = blindIndex is not null,
            };
            var stored = new EncryptLedgerResult { State = encrypted, Ciphertext = ciphertext, BlindIndex = blindIndex };
            await _ledger.CompleteAsync(state.IdempotencyKey, StepNames.Encrypt, invocation, stored, WorkflowStepsJsonContext.Default.EncryptLedgerResult, cancellationToken).ConfigureAwait(false);
            WorkflowLog.Encrypted(_logger, recordId, plaintext.Length, keyId, blindIndex is not null);
            return encrypted;
        }
        catch (Exception ex)
        {
            await _ledger.ReleaseAsync(state.IdempotencyKey, StepNames.Encrypt, invocation, claim, ex).ConfigureAwait(false);
            throw;
        }
    }

    private string? BlindIndexOf(IngestMessage message)
    {
        if (!message.Search.TryGetValue(EmailField, out var email))
        {
            return null;
        }

        if (_blindIndexer is null)
        {
            throw new ConfigurationException(
                SettingNames.BlindIndexKey,
                $"The message has search.email but {SettingNames.BlindIndexKey} is not set, so it could not be indexed. Set it to a base64 key of 32 to 64 bytes (openssl rand -base64 32) and retry.");
        }

        return _blindIndexer.Compute(EmailField, email);
    }
}
