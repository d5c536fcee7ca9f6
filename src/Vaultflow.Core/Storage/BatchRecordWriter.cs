using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage.Connections;

namespace Vaultflow.Core.Storage;

/// <summary>One record of a batch, with the ledger step to complete in the same transaction (or null).</summary>
public sealed record BatchPersistItem(NewRecord Record, LedgerCompletion? Completion);

/// <summary>
/// Batched idempotent persist for callers that hold many records at once (a batch Persist, a backfill):
/// the same guarantees as <see cref="PostgresRecordStore.PersistAsync"/> and
/// <see cref="IIdempotencyLedger.BeginAsync"/>, in a constant number of round trips per batch instead
/// of per record. Claims: one conditional multi-row insert; keys that already had a ledger row are
/// judged one by one by the ledger itself (resume, retry, completed), so its rules live in one place.
/// Persist: one <c>INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING</c>, one read of the
/// rows that already existed, one multi-row ledger completion, one commit. All or nothing: if any
/// completion is refused (the request lost a step's lease), the whole batch rolls back.
/// </summary>
public sealed partial class BatchRecordWriter
{
    private const string ClaimNewSql = """
        INSERT INTO idempotency_steps (idempotency_key, step, status, owner_request_id, lease_expires_at, attempts)
        SELECT k, @step, 'in_progress', @request, now() + @lease, 1 FROM unnest(@keys) AS k
        ON CONFLICT (idempotency_key, step) DO NOTHING
        RETURNING idempotency_key, attempts, lease_expires_at
        """;

    private const string InsertSql = """
        INSERT INTO records (id, idempotency_key, message_type, ciphertext, key_id, blind_index, source_message_id, execution_name)
        SELECT * FROM unnest(@ids, @keys, @message_types, @ciphertexts, @key_ids, @blind_indexes, @source_message_ids, @execution_names)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id, idempotency_key, message_type, ciphertext, key_id, blind_index, source_message_id, execution_name, created_at
        """;

    private const string SelectExistingSql = """
        SELECT id, idempotency_key, message_type, ciphertext, key_id, blind_index, source_message_id, execution_name, created_at
        FROM records
        WHERE idempotency_key = ANY(@keys)
        """;

    private const string CompleteSql = """
        UPDATE idempotency_steps AS s
        SET status = 'completed', result = u.result::jsonb, lease_expires_at = NULL,
            error_type = NULL, error_message = NULL, updated_at = now()
        FROM unnest(@keys, @steps, @requests, @results) AS u(key, step, request, result)
        WHERE s.idempotency_key = u.key AND s.step = u.step AND s.status = 'in_progress' AND s.owner_request_id = u.request
        RETURNING s.idempotency_key, s.step
        """;

    private readonly IDatabaseConnections _connections;
    private readonly IIdempotencyLedger _ledger;
    private readonly ILogger _logger;

    public BatchRecordWriter(NpgsqlDataSource dataSource, IIdempotencyLedger ledger, ILogger<BatchRecordWriter> logger)
        : this(new FixedDatabaseConnections(dataSource), ledger, logger)
    {
    }

    public BatchRecordWriter(IDatabaseConnections connections, IIdempotencyLedger ledger, ILogger<BatchRecordWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(logger);
        _connections = connections;
        _ledger = ledger;
        _logger = logger;
    }

    /// <summary>Claims <paramref name="step"/> for every key for one request; results in input order.</summary>
    /// <exception cref="StepInProgressException">Another live request owns one of the steps (retryable).</exception>
    /// <exception cref="TransientException">The database was briefly unavailable (retryable).</exception>
    public async Task<IReadOnlyList<StepClaim>> BeginBatchAsync(IReadOnlyList<string> idempotencyKeys, string step, string awsRequestId, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKeys);
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        ArgumentException.ThrowIfNullOrWhiteSpace(awsRequestId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        foreach (var key in idempotencyKeys)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(idempotencyKeys));
        }

        var fresh = new Dictionary<string, StepClaim>(StringComparer.Ordinal);
        try
        {
            await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(ClaimNewSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. idempotencyKeys] });
            command.Parameters.Add(new NpgsqlParameter<string>("step", NpgsqlDbType.Text) { TypedValue = step });
            command.Parameters.Add(new NpgsqlParameter<string>("request", NpgsqlDbType.Text) { TypedValue = awsRequestId });
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", NpgsqlDbType.Interval) { TypedValue = leaseDuration });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = reader.GetString(0);
                fresh[key] = new StepClaim(StepClaimOutcome.Claimed, key, step, awsRequestId, reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), null);
            }
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            throw DbErrors.ToTransient(ex, $"claiming step '{step}' for a batch of {idempotencyKeys.Count} idempotency keys");
        }

        var claims = new StepClaim[idempotencyKeys.Count];
        for (var i = 0; i < claims.Length; i++)
        {
            // A key seen earlier in this batch was claimed by this request: the ledger reports it as resumed.
            claims[i] = fresh.Remove(idempotencyKeys[i], out var claim)
                ? claim
                : await _ledger.BeginAsync(idempotencyKeys[i], step, awsRequestId, leaseDuration, cancellationToken).ConfigureAwait(false);
        }

        return claims;
    }

    /// <summary>Persists every record (insert, or return the existing row for its idempotency key) and completes the ledger steps, in one transaction. Results in input order.</summary>
    /// <exception cref="StepInProgressException">A completion was refused: its request no longer owns the step. Nothing was written.</exception>
    /// <exception cref="TransientException">The database was briefly unavailable, or a conflicting row could not be read (retryable). Nothing was written.</exception>
    public async Task<IReadOnlyList<PersistResult>> PersistBatchAsync(IReadOnlyList<BatchPersistItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
            NewRecord.Validate(item.Record);
        }

        if (items.Count == 0)
        {
            return [];
        }

        try
        {
            await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var rows = await InsertAsync(connection, transaction, items, cancellationToken).ConfigureAwait(false);
            var inserted = rows.Count;
            var missing = items.Select(i => i.Record.IdempotencyKey).Where(k => !rows.ContainsKey(k)).Distinct(StringComparer.Ordinal).ToArray();
            var existing = missing.Length == 0
                ? new Dictionary<string, StoredRecord>(StringComparer.Ordinal)
                : await SelectAsync(connection, transaction, missing, cancellationToken).ConfigureAwait(false);

            // Within one batch the first item with a key inserts; later ones see that row as existing.
            var results = new PersistResult[items.Count];
            var claimedByThisBatch = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < items.Count; i++)
            {
                var key = items[i].Record.IdempotencyKey;
                if (rows.TryGetValue(key, out var row) && claimedByThisBatch.Add(key))
                {
                    results[i] = new PersistResult(row, Inserted: true);
                }
                else if (rows.TryGetValue(key, out row) || existing.TryGetValue(key, out row))
                {
                    results[i] = new PersistResult(row, Inserted: false);
                }
                else
                {
                    throw new TransientException(
                        $"Persisting a batch conflicted on idempotency key '{key}' with a row that could not then be read. Retry the batch; if this repeats, look for something deleting rows from records.");
                }
            }

            await CompleteAsync(connection, transaction, items, results, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogBatchPersisted(_logger, items.Count, inserted, items.Count - inserted);
            return results;
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            throw DbErrors.ToTransient(ex, $"persisting a batch of {items.Count} records");
        }
    }

    private static async Task<Dictionary<string, StoredRecord>> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<BatchPersistItem> items, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. items.Select(i => i.Record.Id)] });
        command.Parameters.Add(TextArray("keys", items.Select(i => i.Record.IdempotencyKey)));
        command.Parameters.Add(TextArray("message_types", items.Select(i => i.Record.MessageType)));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("ciphertexts", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = [.. items.Select(i => i.Record.Ciphertext.ToArray())] });
        command.Parameters.Add(TextArray("key_ids", items.Select(i => i.Record.KeyId)));
        command.Parameters.Add(TextArray("blind_indexes", items.Select(i => i.Record.BlindIndex)));
        command.Parameters.Add(TextArray("source_message_ids", items.Select(i => i.Record.SourceMessageId)));
        command.Parameters.Add(TextArray("execution_names", items.Select(i => i.Record.ExecutionName)));
        return await ReadRowsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, StoredRecord>> SelectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] keys, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SelectExistingSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = keys });
        return await ReadRowsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CompleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<BatchPersistItem> items, PersistResult[] results, CancellationToken cancellationToken)
    {
        // One completion per (key, step): a repeated pair in the batch would match the same ledger row twice.
        var completions = new Dictionary<(string Key, string Step), (string Request, string Result)>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Completion is { } c)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(c.IdempotencyKey, nameof(items));
                ArgumentException.ThrowIfNullOrWhiteSpace(c.Step, nameof(items));
                ArgumentException.ThrowIfNullOrWhiteSpace(c.AwsRequestId, nameof(items));
                completions.TryAdd((c.IdempotencyKey, c.Step), (c.AwsRequestId, c.BuildResultJson(results[i].Outcome)));
            }
        }

        if (completions.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(CompleteSql, connection, transaction);
        command.Parameters.Add(TextArray("keys", completions.Keys.Select(k => k.Key)));
        command.Parameters.Add(TextArray("steps", completions.Keys.Select(k => k.Step)));
        command.Parameters.Add(TextArray("requests", completions.Values.Select(v => v.Request)));
        command.Parameters.Add(TextArray("results", completions.Values.Select(v => v.Result)));
        var completed = new HashSet<(string, string)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                completed.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var refused = completions.Keys.FirstOrDefault(k => !completed.Contains(k));
        if (refused != default)
        {
            throw new StepInProgressException(
                $"Cannot complete step '{refused.Step}' for idempotency key '{refused.Key}' in a batch: request '{completions[refused].Request}' does not own it in progress (never begun, completed, failed, or taken over after its lease expired). The whole batch was rolled back; retry it so the step is claimed again.");
        }
    }

    private static async Task<Dictionary<string, StoredRecord>> ReadRowsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, StoredRecord>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = RecordSql.ReadRecord(reader);
            rows[row.IdempotencyKey] = row;
        }

        return rows;
    }

    private static NpgsqlParameter<string?[]> TextArray(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] };

    [LoggerMessage(EventId = 2210, Level = LogLevel.Information, Message = "Persisted a batch of {Count} records: {Inserted} inserted, {Existing} already existed")]
    private static partial void LogBatchPersisted(ILogger logger, int count, int inserted, int existing);
}
