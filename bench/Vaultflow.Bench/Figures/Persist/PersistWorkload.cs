using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage;

namespace Vaultflow.Bench.Figures.Persist;

/// <summary>
/// The ways of writing records compared by figure 3 (and reused by the growth figure), on one
/// database: a bare INSERT per record (autocommit); the workflow's idempotent persist as PersistStep's
/// first attempt runs it (ClaimAndPersistAsync: the record and its completed ledger row in one
/// statement); the two-transaction path that retries and concurrent executions of a key take (ledger
/// BeginAsync, then PersistAsync with the completion); and the batched variant (BatchRecordWriter: one
/// claim statement and one transaction per batch).
/// </summary>
internal sealed class PersistWorkload(NpgsqlDataSource app, int ciphertextBytes)
{
    public const string Step = "Persist";

    private const string BareInsert = """
        INSERT INTO records (id, idempotency_key, message_type, ciphertext, key_id, blind_index, source_message_id, execution_name)
        VALUES (@id, @idempotency_key, @message_type, @ciphertext, @key_id, @blind_index, @source_message_id, @execution_name)
        """;

    private readonly IdempotencyLedger _ledger = new(app, NullLogger<IdempotencyLedger>.Instance);
    private readonly byte[] _ciphertext = RandomNumberGenerator.GetBytes(ciphertextBytes);
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private int _sequence;

    /// <summary>Share of the last two-transaction run spent in the ledger claim (BeginAsync), the rest in PersistAsync.</summary>
    public double LastClaimShare { get; private set; }

    public PostgresRecordStore Store => new(app, _ledger, NullLogger<PostgresRecordStore>.Instance);

    public async Task<TimeSpan> BareInsertsAsync(int count)
    {
        var records = NewRecords(count);
        var stopwatch = Stopwatch.StartNew();
        foreach (var record in records)
        {
            await using var command = app.CreateCommand(BareInsert);
            command.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = record.Id });
            command.Parameters.Add(new NpgsqlParameter<string>("idempotency_key", NpgsqlDbType.Text) { TypedValue = record.IdempotencyKey });
            command.Parameters.Add(new NpgsqlParameter<string?>("message_type", NpgsqlDbType.Text) { TypedValue = record.MessageType });
            command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("ciphertext", NpgsqlDbType.Bytea) { TypedValue = record.Ciphertext });
            command.Parameters.Add(new NpgsqlParameter<string>("key_id", NpgsqlDbType.Text) { TypedValue = record.KeyId });
            command.Parameters.Add(new NpgsqlParameter<string?>("blind_index", NpgsqlDbType.Text) { TypedValue = record.BlindIndex });
            command.Parameters.Add(new NpgsqlParameter<string?>("source_message_id", NpgsqlDbType.Text) { TypedValue = record.SourceMessageId });
            command.Parameters.Add(new NpgsqlParameter<string?>("execution_name", NpgsqlDbType.Text) { TypedValue = record.ExecutionName });
            await command.ExecuteNonQueryAsync();
        }

        return stopwatch.Elapsed;
    }

    public async Task<TimeSpan> IdempotentPersistsAsync(int count)
    {
        var records = NewRecords(count);
        var store = Store;
        var stopwatch = Stopwatch.StartNew();
        foreach (var record in records)
        {
            var request = "req-" + record.IdempotencyKey;
            _ = await store.ClaimAndPersistAsync(record, new LedgerCompletion(record.IdempotencyKey, Step, request, ResultJson))
                ?? throw new InvalidOperationException($"Fresh key '{record.IdempotencyKey}' already had a ledger row.");
        }

        return stopwatch.Elapsed;
    }

    public async Task<TimeSpan> TwoTransactionPersistsAsync(int count)
    {
        var records = NewRecords(count);
        var store = Store;
        var stopwatch = Stopwatch.StartNew();
        var claiming = new Stopwatch();
        foreach (var record in records)
        {
            var request = "req-" + record.IdempotencyKey;
            claiming.Start();
            var claim = await _ledger.BeginAsync(record.IdempotencyKey, Step, request, TimeSpan.FromMinutes(5));
            claiming.Stop();
            if (!claim.MustRun)
            {
                throw new InvalidOperationException($"Fresh key '{record.IdempotencyKey}' was reported as already completed.");
            }

            await store.PersistAsync(record, new LedgerCompletion(record.IdempotencyKey, Step, request, ResultJson));
        }

        LastClaimShare = claiming.Elapsed / stopwatch.Elapsed;
        return stopwatch.Elapsed;
    }

    public async Task<TimeSpan> BatchedPersistsAsync(int count, int batchSize)
    {
        var records = NewRecords(count);
        var writer = new BatchRecordWriter(app, _ledger, NullLogger<BatchRecordWriter>.Instance);
        var stopwatch = Stopwatch.StartNew();
        foreach (var batch in records.Chunk(batchSize))
        {
            var request = "req-batch-" + batch[0].IdempotencyKey;
            _ = await writer.BeginBatchAsync([.. batch.Select(r => r.IdempotencyKey)], Step, request, TimeSpan.FromMinutes(5));
            _ = await writer.PersistBatchAsync([.. batch.Select(r => new BatchPersistItem(r, new LedgerCompletion(r.IdempotencyKey, Step, request, ResultJson)))]);
        }

        return stopwatch.Elapsed;
    }

    private static string ResultJson(PersistOutcome outcome) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"recordId":"{{outcome.RecordId}}","inserted":{{(outcome.Inserted ? "true" : "false")}}}""");

    /// <summary>Records shaped like the workflow's: v7 ids, message-id-like random keys, a blind index.</summary>
    private List<NewRecord> NewRecords(int count)
    {
        var records = new List<NewRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var n = Interlocked.Increment(ref _sequence);
            var key = $"{Guid.NewGuid()}-{_run}-{n}";
            records.Add(new NewRecord(Guid.CreateVersion7(), key, "bench.record", _ciphertext, "raw-aes:bench", "bi" + (n % 16384).ToString(CultureInfo.InvariantCulture), key, "exec-" + key));
        }

        return records;
    }
}
