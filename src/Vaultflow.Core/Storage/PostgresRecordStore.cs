using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage.Connections;

namespace Vaultflow.Core.Storage;

/// <summary>
/// <see cref="IRecordStore"/> on PostgreSQL. Persist is an <c>INSERT ... ON CONFLICT DO NOTHING</c>;
/// on conflict a second statement reads the winner's row (a new statement sees the row the insert
/// waited for, which a single CTE statement would not), all in one transaction with the ledger completion.
/// A step's first attempt (<see cref="ClaimAndPersistAsync"/>) is one statement that writes only when it
/// inserts, so it never needs that second read: any conflict sends the caller down the claim-first path.
/// </summary>
public sealed class PostgresRecordStore : IRecordStore
{
    private const int MaxPersistRounds = 3;

    private readonly IDatabaseConnections _connections;
    private readonly IIdempotencyLedger _ledger;
    private readonly ILogger _logger;

    public PostgresRecordStore(NpgsqlDataSource dataSource, IIdempotencyLedger ledger, ILogger<PostgresRecordStore> logger)
        : this(new FixedDatabaseConnections(dataSource), ledger, logger)
    {
    }

    public PostgresRecordStore(IDatabaseConnections connections, IIdempotencyLedger ledger, ILogger<PostgresRecordStore> logger)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(logger);
        _connections = connections;
        _ledger = ledger;
        _logger = logger;
    }

    public async Task<PersistResult> PersistAsync(NewRecord record, LedgerCompletion? completion = null, CancellationToken cancellationToken = default)
    {
        NewRecord.Validate(record);
        try
        {
            await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return await InsertCompleteCommitAsync(connection, transaction, record, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            throw DbErrors.ToTransient(ex, $"persisting the record for idempotency key '{record.IdempotencyKey}'");
        }
    }

    public async Task<PersistResult?> ClaimAndPersistAsync(NewRecord record, LedgerCompletion completion, CancellationToken cancellationToken = default)
    {
        NewRecord.Validate(record);
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentException.ThrowIfNullOrWhiteSpace(completion.IdempotencyKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(completion.Step);
        ArgumentException.ThrowIfNullOrWhiteSpace(completion.AwsRequestId);

        // The statement writes only the "inserted" outcome, and that one is known before the write.
        var resultJson = completion.BuildResultJson(new PersistOutcome(record.Id, Inserted: true));
        try
        {
            await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(RecordSql.InsertWithCompletedStep, connection);
            AddRecordParameters(command.Parameters, record);
            command.Parameters.Add(Text("step_key", completion.IdempotencyKey));
            command.Parameters.Add(Text("step", completion.Step));
            command.Parameters.Add(Text("request", completion.AwsRequestId));
            command.Parameters.Add(new NpgsqlParameter<string>("result", NpgsqlDbType.Jsonb) { TypedValue = resultJson });

            // No explicit transaction: the statement's implicit one commits at the protocol's Sync, before the
            // ReadyForQuery that disposing the reader waits for, so a failed commit surfaces inside this block.
            StoredRecord? inserted;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                inserted = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? RecordSql.ReadRecord(reader) : null;
            }

            if (inserted is null)
            {
                _logger.FirstAttemptFoundRecord(record.IdempotencyKey, completion.Step, record.ExecutionName);
                return null;
            }

            _logger.RecordInserted(inserted.Id, record.IdempotencyKey, record.ExecutionName);
            return new PersistResult(inserted, Inserted: true);
        }
        catch (PostgresException ex) when (ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: RecordSql.LedgerPrimaryKey })
        {
            _logger.FirstAttemptFoundStep(record.IdempotencyKey, completion.Step, record.ExecutionName);
            return null;
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            throw DbErrors.ToTransient(ex, $"persisting the record for idempotency key '{record.IdempotencyKey}'");
        }
    }

    public async Task<StoredRecord?> GetByIdAsync(Guid id, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(RecordSql.SelectById, connection);
            command.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? RecordSql.ReadRecord(reader) : null;
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            throw DbErrors.ToTransient(ex, $"reading record {id}");
        }
    }

    public async Task<IReadOnlyList<StoredRecord>> FindByBlindIndexAsync(string blindIndex, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blindIndex);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        try
        {
            await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(RecordSql.SelectByBlindIndex, connection);
            command.Parameters.Add(Text("blind_index", blindIndex));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var records = new List<StoredRecord>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(RecordSql.ReadRecord(reader));
            }

            return records;
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            // The blind index is an HMAC, not the search value, so naming it leaks nothing.
            throw DbErrors.ToTransient(ex, $"searching records by blind index '{blindIndex}'");
        }
    }

    public async Task<long> RecordFailureAsync(NewFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentException.ThrowIfNullOrWhiteSpace(failure.Reason);
        try
        {
            await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(RecordSql.InsertFailure, connection);
            command.Parameters.Add(Text("idempotency_key", failure.IdempotencyKey));
            command.Parameters.Add(Text("source_message_id", failure.SourceMessageId));
            command.Parameters.Add(Text("reason", failure.Reason));
            command.Parameters.Add(Text("error_type", failure.ErrorType));
            command.Parameters.Add(Text("cause", failure.Cause));
            command.Parameters.Add(Text("execution_name", failure.ExecutionName));
            var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            _logger.FailureRecorded(id, failure.Reason, failure.ErrorType, failure.IdempotencyKey, failure.SourceMessageId, failure.ExecutionName);
            return id;
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            throw DbErrors.ToTransient(ex, $"recording a '{failure.Reason}' failure for message '{failure.SourceMessageId}'");
        }
    }

    private async Task<PersistResult> InsertCompleteCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewRecord record, LedgerCompletion? completion, CancellationToken cancellationToken)
    {
        var result = await InsertOrGetAsync(connection, transaction, record, cancellationToken).ConfigureAwait(false);
        return await CompleteCommitAsync(transaction, record, result, completion, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PersistResult> CompleteCommitAsync(NpgsqlTransaction transaction, NewRecord record, PersistResult result, LedgerCompletion? completion, CancellationToken cancellationToken)
    {
        if (completion is not null)
        {
            var resultJson = completion.BuildResultJson(result.Outcome);
            await _ledger.CompleteAsync(completion.IdempotencyKey, completion.Step, completion.AwsRequestId, resultJson, transaction, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (result.Inserted)
        {
            _logger.RecordInserted(result.Record.Id, record.IdempotencyKey, record.ExecutionName);
        }
        else
        {
            _logger.RecordExisted(result.Record.Id, record.IdempotencyKey, record.ExecutionName);
        }

        return result;
    }

    private async Task<PersistResult> InsertOrGetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewRecord record, CancellationToken cancellationToken)
    {
        for (var round = 1; round <= MaxPersistRounds; round++)
        {
            await using (var insert = new NpgsqlCommand(RecordSql.Insert, connection, transaction))
            {
                AddRecordParameters(insert.Parameters, record);
                var inserted = await ReadSingleAsync(insert, cancellationToken).ConfigureAwait(false);
                if (inserted is not null)
                {
                    return new PersistResult(inserted, Inserted: true);
                }
            }

            await using (var select = new NpgsqlCommand(RecordSql.SelectByKey, connection, transaction))
            {
                select.Parameters.Add(Text("idempotency_key", record.IdempotencyKey));
                var existing = await ReadSingleAsync(select, cancellationToken).ConfigureAwait(false);
                if (existing is not null)
                {
                    return new PersistResult(existing, Inserted: false);
                }
            }

            _logger.RecordVanished(record.IdempotencyKey, round);
        }

        throw new TransientException(
            $"Persisting the record for idempotency key '{record.IdempotencyKey}' conflicted {MaxPersistRounds} times with a row that then could not be read. Retry the step; if this repeats, look for something deleting rows from records.");
    }

    private static async Task<StoredRecord?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? RecordSql.ReadRecord(reader) : null;
    }

    private static void AddRecordParameters(NpgsqlParameterCollection parameters, NewRecord record)
    {
        parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = record.Id });
        parameters.Add(Text("idempotency_key", record.IdempotencyKey));
        parameters.Add(Text("message_type", record.MessageType));
        parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("ciphertext", NpgsqlDbType.Bytea) { TypedValue = record.Ciphertext });
        parameters.Add(Text("key_id", record.KeyId));
        parameters.Add(Text("blind_index", record.BlindIndex));
        parameters.Add(Text("source_message_id", record.SourceMessageId));
        parameters.Add(Text("execution_name", record.ExecutionName));
    }

    /// <summary>A text parameter; null becomes SQL NULL.</summary>
    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
