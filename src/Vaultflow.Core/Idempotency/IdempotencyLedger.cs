using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Storage.Connections;

namespace Vaultflow.Core.Idempotency;

/// <summary>
/// The PostgreSQL ledger (table <c>idempotency_steps</c>). Claiming is Powertools-style: a conditional
/// insert first; on conflict, the existing row is locked (SELECT ... FOR UPDATE) and judged by its
/// status and lease; if the row vanished in between, the whole claim is tried again a bounded number of times.
/// </summary>
public sealed class IdempotencyLedger : IIdempotencyLedger
{
    private const int MaxClaimRounds = 3;
    private const int MaxErrorMessageLength = 4000;

    private readonly IDatabaseConnections _connections;
    private readonly ILogger _logger;

    public IdempotencyLedger(NpgsqlDataSource dataSource, ILogger<IdempotencyLedger> logger)
        : this(new FixedDatabaseConnections(dataSource), logger)
    {
    }

    public IdempotencyLedger(IDatabaseConnections connections, ILogger<IdempotencyLedger> logger)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(logger);
        _connections = connections;
        _logger = logger;
    }

    public async Task<StepClaim> BeginAsync(string idempotencyKey, string step, string awsRequestId, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ValidateIdentity(idempotencyKey, step, awsRequestId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        try
        {
            await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            for (var round = 1; round <= MaxClaimRounds; round++)
            {
                var claim = await TryClaimAsync(connection, idempotencyKey, step, awsRequestId, leaseDuration, cancellationToken).ConfigureAwait(false)
                    ?? await JudgeExistingAsync(connection, idempotencyKey, step, awsRequestId, leaseDuration, cancellationToken).ConfigureAwait(false);
                if (claim is not null)
                {
                    return claim;
                }

                _logger.InconsistentState(idempotencyKey, step, round);
            }
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            throw DbErrors.ToTransient(ex, $"claiming step '{step}' for idempotency key '{idempotencyKey}'");
        }

        throw new TransientException(
            $"Could not claim step '{step}' for idempotency key '{idempotencyKey}': its ledger row disappeared between the insert and the lock {MaxClaimRounds} times. Retry the step; if this repeats, look for something deleting rows from idempotency_steps.");
    }

    public async Task CompleteAsync(string idempotencyKey, string step, string awsRequestId, string resultJson, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ValidateIdentity(idempotencyKey, step, awsRequestId);
        ArgumentException.ThrowIfNullOrWhiteSpace(resultJson);
        try
        {
            if (transaction is not null)
            {
                var connection = transaction.Connection
                    ?? throw new ArgumentException("The transaction has already been committed or rolled back.", nameof(transaction));
                await CompleteOnAsync(connection, transaction, idempotencyKey, step, awsRequestId, resultJson, cancellationToken).ConfigureAwait(false);
                return;
            }

            await using var own = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await CompleteOnAsync(own, null, idempotencyKey, step, awsRequestId, resultJson, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            throw DbErrors.ToTransient(ex, $"completing step '{step}' for idempotency key '{idempotencyKey}'");
        }
    }

    public async Task<bool> FailAsync(string idempotencyKey, string step, string awsRequestId, string errorType, string message, CancellationToken cancellationToken = default)
    {
        ValidateIdentity(idempotencyKey, step, awsRequestId);
        ArgumentException.ThrowIfNullOrWhiteSpace(errorType);
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(LedgerSql.Fail, connection);
            AddIdentity(command, idempotencyKey, step, awsRequestId);
            command.Parameters.Add(Text("error_type", errorType));
            command.Parameters.Add(Text("error_message", message.Length > MaxErrorMessageLength ? message[..MaxErrorMessageLength] : message));
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int attempt)
            {
                _logger.StepFailed(idempotencyKey, step, awsRequestId, attempt, errorType);
                return true;
            }

            _logger.StaleFail(idempotencyKey, step, awsRequestId, errorType);
            return false;
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            throw DbErrors.ToTransient(ex, $"releasing failed step '{step}' for idempotency key '{idempotencyKey}'");
        }
    }

    private async Task<StepClaim?> TryClaimAsync(NpgsqlConnection connection, string key, string step, string request, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LedgerSql.TryClaim, connection);
        AddIdentity(command, key, step, request);
        command.Parameters.Add(Lease(lease));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var claim = new StepClaim(StepClaimOutcome.Claimed, key, step, request, reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), null);
        _logger.StepClaimed(key, step, request, claim.Attempt);
        return claim;
    }

    /// <summary>Locks the existing row and decides; null when the row vanished (caller retries).</summary>
    private async Task<StepClaim?> JudgeExistingAsync(NpgsqlConnection connection, string key, string step, string request, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        LedgerRow? row;
        await using (var select = new NpgsqlCommand(LedgerSql.LockExisting, connection, transaction))
        {
            select.Parameters.Add(Text("key", key));
            select.Parameters.Add(Text("step", step));
            row = await ReadRowAsync(select, cancellationToken).ConfigureAwait(false);
        }

        if (row is null)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        StepClaim claim;
        switch (row)
        {
            case { Status: StepStatus.Completed }:
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                _logger.StepAlreadyCompleted(key, step, request, row.Attempts);
                return new StepClaim(StepClaimOutcome.AlreadyCompleted, key, step, request, row.Attempts, null, row.ResultJson);

            case { Status: StepStatus.InProgress } when string.Equals(row.Owner, request, StringComparison.Ordinal):
                var (resumedAttempt, resumedLease) = await UpdateAsync(LedgerSql.ExtendLease, connection, transaction, key, step, request, lease, cancellationToken).ConfigureAwait(false);
                claim = new StepClaim(StepClaimOutcome.Resumed, key, step, request, resumedAttempt, resumedLease, null);
                _logger.StepResumed(key, step, request, resumedAttempt);
                break;

            case { Status: StepStatus.InProgress, LeaseLive: true }:
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                _logger.StepBusy(key, step, request, row.Owner, row.LeaseExpiresAt!.Value);
                throw new StepInProgressException(
                    $"Step '{step}' for idempotency key '{key}' is in progress under request '{row.Owner}' until {row.LeaseExpiresAt:O} (database clock). " +
                    $"Request '{request}' did no work; retry after the lease ends, when the step will be completed or taken over.");

            default:
                // Failed, or in progress with an expired lease: the previous owner is gone; take over.
                var (attempt, leaseEnds) = await UpdateAsync(LedgerSql.TakeOver, connection, transaction, key, step, request, lease, cancellationToken).ConfigureAwait(false);
                claim = new StepClaim(StepClaimOutcome.Retried, key, step, request, attempt, leaseEnds, null);
                _logger.StepRetried(key, step, request, attempt, row.Owner, row.Status == StepStatus.Failed ? "failed" : "let its lease expire");
                break;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return claim;
    }

    private async Task CompleteOnAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string key, string step, string request, string resultJson, CancellationToken cancellationToken)
    {
        await using (var command = new NpgsqlCommand(LedgerSql.Complete, connection, transaction))
        {
            AddIdentity(command, key, step, request);
            command.Parameters.Add(new NpgsqlParameter<string>("result", NpgsqlDbType.Jsonb) { TypedValue = resultJson });
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int attempt)
            {
                _logger.StepCompleted(key, step, request, attempt);
                return;
            }
        }

        await using var describe = new NpgsqlCommand(LedgerSql.Describe, connection, transaction);
        describe.Parameters.Add(Text("key", key));
        describe.Parameters.Add(Text("step", step));
        await using var reader = await describe.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException(
                $"Cannot complete step '{step}' for idempotency key '{key}': it was never begun. Call BeginAsync before CompleteAsync.");
        }

        var status = reader.GetString(0);
        var owner = reader.GetString(1);
        var state = status switch
        {
            StepStatus.InProgress => $"it is in progress under request '{owner}' until {reader.GetFieldValue<DateTimeOffset>(2):O}",
            StepStatus.Completed => $"it was already completed by request '{owner}'",
            _ => $"request '{owner}' released it as failed",
        };
        throw new StepInProgressException(
            $"Request '{request}' cannot complete step '{step}' for idempotency key '{key}': {state}. " +
            "Its lease ran out and another request took over; nothing was written. Retrying the step returns the owner's result once it completes.");
    }

    private static async Task<(int Attempt, DateTimeOffset LeaseExpiresAt)> UpdateAsync(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, string key, string step, string request, TimeSpan lease, CancellationToken cancellationToken)
    {
        // CA2100: sql is one of the LedgerSql constants.
#pragma warning disable CA2100
        await using var command = new NpgsqlCommand(sql, connection, transaction);
#pragma warning restore CA2100
        AddIdentity(command, key, step, request);
        command.Parameters.Add(Lease(lease));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"The locked ledger row for step '{step}' of idempotency key '{key}' was not updated.");
        }

        return (reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1));
    }

    private static async Task<LedgerRow?> ReadRowAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new LedgerRow(
            Status: reader.GetString(0),
            Owner: reader.GetString(1),
            LeaseExpiresAt: reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            Attempts: reader.GetInt32(3),
            ResultJson: reader.IsDBNull(4) ? null : reader.GetString(4),
            LeaseLive: reader.GetBoolean(5));
    }

    private static void ValidateIdentity(string idempotencyKey, string step, string awsRequestId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        ArgumentException.ThrowIfNullOrWhiteSpace(awsRequestId);
    }

    private static void AddIdentity(NpgsqlCommand command, string key, string step, string request)
    {
        command.Parameters.Add(Text("key", key));
        command.Parameters.Add(Text("step", step));
        command.Parameters.Add(Text("request", request));
    }

    private static NpgsqlParameter<string> Text(string name, string value) =>
        new(name, NpgsqlDbType.Text) { TypedValue = value };

    private static NpgsqlParameter<TimeSpan> Lease(TimeSpan lease) =>
        new("lease", NpgsqlDbType.Interval) { TypedValue = lease };

    private static class StepStatus
    {
        public const string InProgress = "in_progress";
        public const string Completed = "completed";
        public const string Failed = "failed";
    }

    private sealed record LedgerRow(string Status, string Owner, DateTimeOffset? LeaseExpiresAt, int Attempts, string? ResultJson, bool LeaseLive);
}
