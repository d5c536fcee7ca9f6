using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using Vaultflow.Bench.Figures.Persist;
using Vaultflow.Bench.Results;
using Vaultflow.Bench.Support;

namespace Vaultflow.Bench.Figures.Growth;

/// <summary>One measured table size: per-record times and the sizes that explain them.</summary>
internal sealed record GrowthPoint(long Rows, double IdempotentMs, double BareMs, long KeyIndexBytes, long TableBytes, TimeSpan FillTime);

/// <summary>
/// Figure 7 (persist part): per-record time of a fixed batch of idempotent persists (and of bare
/// INSERTs, to tell index growth from the idempotency overhead) as the records table grows
/// 10^4 -> 10^5 -> 10^6 rows. Filler rows are bulk-loaded with binary COPY (random idempotency keys
/// like SQS message ids, v7 ids, 256-byte ciphertexts), then VACUUM ANALYZE, then the batch is measured.
/// </summary>
internal static class GrowthFigure
{
    public static readonly FigureSpec Spec = new(
        "7a", "Idempotent persist time per record at the largest table size vs at 10^4 rows", "ms/record", "same batch at 10^4 rows", HigherIsBetter: false, Goal.RatioAtLeast(0.8));

    public static async Task<(Figure Figure, IReadOnlyList<GrowthPoint> Points)> RunAsync(string repoRoot, bool quick, TimeSpan budget, RunContext run, Action<string> log)
    {
        var sizes = quick ? new long[] { 10_000, 100_000 } : [10_000, 100_000, 1_000_000];
        var batch = quick ? 200 : 500;
        var total = Stopwatch.StartNew();
        await using var database = await BenchDatabase.CreateAsync(repoRoot);
        var workload = new PersistWorkload(database.App, ciphertextBytes: 1024 + 100);
        await workload.IdempotentPersistsAsync(50);
        var points = new List<GrowthPoint>();
        var stopped = (string?)null;
        double? fillRowsPerSecond = null;
        foreach (var size in sizes)
        {
            var current = await CountAsync(database.App);
            var needed = size - current;
            if (fillRowsPerSecond is { } rate && needed / rate > (budget - total.Elapsed).TotalSeconds * 0.8)
            {
                stopped = $"Stopped before {size:N0} rows: loading {needed:N0} more at the observed {rate:N0} rows/s would not fit the {budget.TotalMinutes:0}-minute budget.";
                log("  " + stopped);
                break;
            }

            var fill = Stopwatch.StartNew();
            if (needed > 0)
            {
                await CopyFillerAsync(database.App, needed);
                await using var vacuum = database.Owner.CreateCommand("VACUUM (ANALYZE) records");
                await vacuum.ExecuteNonQueryAsync();
            }

            fill.Stop();
            fillRowsPerSecond = needed > 0 ? needed / fill.Elapsed.TotalSeconds : fillRowsPerSecond;
            // Best of a few interleaved repeats: a burst of load from another process hurts one repeat, not the size.
            TimeSpan idempotent = TimeSpan.MaxValue, bare = TimeSpan.MaxValue;
            for (var repeat = 0; repeat < Repeats(quick); repeat++)
            {
                var i = await workload.IdempotentPersistsAsync(batch);
                var b = await workload.BareInsertsAsync(batch);
                idempotent = i < idempotent ? i : idempotent;
                bare = b < bare ? b : bare;
            }

            var (indexBytes, tableBytes) = await SizesAsync(database.Owner);
            var point = new GrowthPoint(size, idempotent.TotalMilliseconds / batch, bare.TotalMilliseconds / batch, indexBytes, tableBytes, fill.Elapsed);
            points.Add(point);
            log($"  {size,9:N0} rows: idempotent {point.IdempotentMs:0.00} ms, bare {point.BareMs:0.00} ms per record; key index {indexBytes / 1048576.0:0.0} MiB, table {tableBytes / 1048576.0:0} MiB; fill {fill.Elapsed.TotalSeconds:0.0} s");
        }

        var first = points[0];
        var last = points[^1];
        var series = string.Join("; ", points.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{p.Rows:N0} rows: {p.IdempotentMs:0.00} ms idempotent / {p.BareMs:0.00} ms bare, key index {p.KeyIndexBytes / 1048576.0:0.0} MiB")));
        var note = $"Best of {Repeats(quick)} batches of {batch} sequential persists (and bare INSERTs) per size. {series}. {stopped ?? string.Empty}".Trim();
        var figure = FigureFactory.Measured(Spec with { Name = $"Idempotent persist time per record at {last.Rows:N0} rows vs at {first.Rows:N0} rows" }, last.IdempotentMs, first.IdempotentMs, run, note);
        return (figure, points);
    }

    private static int Repeats(bool quick) => quick ? 1 : 3;

    private static async Task<long> CountAsync(NpgsqlDataSource app)
    {
        await using var command = app.CreateCommand("SELECT count(*) FROM records");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(long Index, long Table)> SizesAsync(NpgsqlDataSource owner)
    {
        await using var command = owner.CreateCommand("SELECT pg_relation_size('records_idempotency_key_unique'), pg_table_size('records')");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task CopyFillerAsync(NpgsqlDataSource app, long rows)
    {
        var ciphertext = RandomNumberGenerator.GetBytes(256);
        await using var connection = await app.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY records (id, idempotency_key, message_type, ciphertext, key_id, blind_index) FROM STDIN (FORMAT BINARY)");
        for (long i = 0; i < rows; i++)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            await importer.WriteAsync(Guid.NewGuid().ToString(), NpgsqlDbType.Text);
            await importer.WriteAsync("bench.filler", NpgsqlDbType.Text);
            await importer.WriteAsync(ciphertext, NpgsqlDbType.Bytea);
            await importer.WriteAsync("raw-aes:bench", NpgsqlDbType.Text);
            await importer.WriteAsync("bi" + (i % 16384).ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text);
        }

        await importer.CompleteAsync();
    }
}
