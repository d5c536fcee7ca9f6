using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Reader;
using Vaultflow.Core.Workflow.Steps;

namespace Vaultflow.Core.Workflow.Reindex;

/// <summary>
/// Moves every record's blind index to the current key (the second half of a key rotation): reads
/// <c>records</c> in pages by id (keyset paging, one page in memory), decrypts each row on the reader's
/// path (<see cref="EnvelopeEncryptor"/>, bound to the row's id and idempotency key), recomputes the index
/// of its <c>search.email</c> under the current key (null without one), and writes only the rows whose
/// index differs, one UPDATE per page. Each page commits on its own, so a crash or a cancel loses at most
/// the page in flight, and a second run skips every row that is already right: re-running is the resume.
/// A row that cannot be decrypted is counted and listed (id and reason) and keeps its index; the run goes on.
/// <para>
/// Needs a connection allowed to UPDATE records: the owner role, as for migrations (the app role has
/// no UPDATE on records, on purpose). Nothing it logs or reports holds plaintext.
/// </para>
/// </summary>
public sealed class BlindIndexReindexer
{
    private readonly NpgsqlDataSource _ownerDataSource;
    private readonly EnvelopeEncryptor _encryptor;
    private readonly BlindIndexer _current;
    private readonly ILogger _logger;

    /// <param name="ownerDataSource">A data source of a role that may UPDATE records (the schema owner).</param>
    /// <param name="encryptor">The records' envelope encryptor (the reader's keyring and context).</param>
    /// <param name="current">The key every index is recomputed under.</param>
    /// <param name="logger">Row failures and page progress (ids and counts only).</param>
    public BlindIndexReindexer(NpgsqlDataSource ownerDataSource, EnvelopeEncryptor encryptor, BlindIndexer current, ILogger<BlindIndexReindexer> logger)
    {
        ArgumentNullException.ThrowIfNull(ownerDataSource);
        ArgumentNullException.ThrowIfNull(encryptor);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(logger);
        _ownerDataSource = ownerDataSource;
        _encryptor = encryptor;
        _current = current;
        _logger = logger;
    }

    /// <param name="options">Batch size, dry run, row limit.</param>
    /// <param name="progress">Told the running totals after every page.</param>
    /// <param name="cancellationToken">Stops between or inside pages; committed pages stay committed.</param>
    /// <exception cref="TransientException">The database was unavailable; pages committed so far stay, run again to continue.</exception>
    /// <exception cref="NpgsqlException">The database refused (e.g. the role may not UPDATE records).</exception>
    public async Task<ReindexReport> RunAsync(ReindexOptions options, IProgress<ReindexReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var totals = new Totals(options.DryRun);
        Guid? after = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remaining = options.MaxRows is { } max ? max - totals.Scanned : long.MaxValue;
            if (remaining <= 0)
            {
                return totals.Snapshot(completed: false);
            }

            var limit = (int)Math.Min(options.BatchSize, remaining);
            var page = await ReadPageAsync(after, limit, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return totals.Snapshot(completed: true);
            }

            var changes = new Changes(page.Count);
            foreach (var row in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ExamineAsync(row, changes, totals, cancellationToken).ConfigureAwait(false);
            }

            var written = options.DryRun || changes.Ids.Count == 0 ? changes.Ids.Count : await WriteAsync(changes, cancellationToken).ConfigureAwait(false);

            // A planned row not written already held another index when the UPDATE ran: a concurrent run got there first.
            totals.Updated += written;
            totals.Unchanged += changes.Ids.Count - written;
            after = page[^1].Id;
            ReindexLog.PageDone(_logger, totals.Scanned, totals.Updated, totals.Unchanged, totals.Failed, options.DryRun);
            progress?.Report(totals.Snapshot(completed: false));
            if (page.Count < limit)
            {
                return totals.Snapshot(completed: true);
            }
        }
    }

    private async Task ExamineAsync(ReindexSql.PageRow row, Changes changes, Totals totals, CancellationToken cancellationToken)
    {
        totals.Scanned++;
        string? email;
        try
        {
            email = await EmailOfAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (FailureReason(ex) is { } reason)
        {
            totals.Fail(row.Id, reason);
            ReindexLog.RowFailed(_logger, row.Id, reason);
            return;
        }

        var wanted = email is null ? null : _current.Compute(EncryptStep.EmailField, email);
        if (email is null)
        {
            totals.NoEmail++;
        }

        if (string.Equals(wanted, row.BlindIndex, StringComparison.Ordinal))
        {
            totals.Unchanged++;
            return;
        }

        changes.Add(row.Id, row.BlindIndex, wanted);
    }

    private async Task<string?> EmailOfAsync(ReindexSql.PageRow row, CancellationToken cancellationToken)
    {
        var plaintext = await _encryptor.DecryptAsync(row.Ciphertext, new RecordBinding(row.Id, row.IdempotencyKey), cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(plaintext);
            return StoredMessage.EmailOf(document.RootElement);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The reason code of a failure that concerns one row; null for failures that must stop the run (cancellation, bugs).</summary>
    private static string? FailureReason(Exception ex) => ex switch
    {
        DecryptionFailedException decryption => decryption.Reason,
        JsonException => "plaintext-not-json",
        VaultflowException other => other.ErrorType,
        _ => null,
    };

    private async Task<List<ReindexSql.PageRow>> ReadPageAsync(Guid? after, int limit, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _ownerDataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(after is null ? ReindexSql.FirstPage : ReindexSql.NextPage, connection);
            command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
            if (after is { } id)
            {
                command.Parameters.Add(new NpgsqlParameter<Guid>("after", NpgsqlDbType.Uuid) { TypedValue = id });
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var page = new List<ReindexSql.PageRow>(limit);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                page.Add(ReindexSql.Read(reader));
            }

            return page;
        }
        catch (Exception ex) when (Storage.DbErrors.IsTransient(ex))
        {
            throw Storage.DbErrors.ToTransient(ex, $"reading records after id {after?.ToString() ?? "(start)"} for the re-index; pages already written stay written, run it again to continue");
        }
    }

    private async Task<int> WriteAsync(Changes changes, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _ownerDataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(ReindexSql.Update, connection);
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. changes.Ids] });
            command.Parameters.Add(new NpgsqlParameter<string?[]>("old_indexes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. changes.OldIndexes] });
            command.Parameters.Add(new NpgsqlParameter<string?[]>("new_indexes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. changes.NewIndexes] });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Storage.DbErrors.IsTransient(ex))
        {
            throw Storage.DbErrors.ToTransient(ex, $"writing a page of {changes.Ids.Count} re-indexed records; earlier pages stay written, run it again to continue");
        }
    }

    private sealed class Changes(int capacity)
    {
        public List<Guid> Ids { get; } = new(capacity);

        public List<string?> OldIndexes { get; } = new(capacity);

        public List<string?> NewIndexes { get; } = new(capacity);

        public void Add(Guid id, string? oldIndex, string? newIndex)
        {
            Ids.Add(id);
            OldIndexes.Add(oldIndex);
            NewIndexes.Add(newIndex);
        }
    }

    private sealed class Totals(bool dryRun)
    {
        private readonly List<ReindexFailure> _failures = [];

        public long Scanned { get; set; }

        public long Updated { get; set; }

        public long Unchanged { get; set; }

        public long NoEmail { get; set; }

        public long Failed { get; private set; }

        public void Fail(Guid id, string reason)
        {
            Failed++;
            if (_failures.Count < ReindexReport.MaxListedFailures)
            {
                _failures.Add(new ReindexFailure(id, reason));
            }
        }

        public ReindexReport Snapshot(bool completed) => new()
        {
            Scanned = Scanned,
            Updated = Updated,
            Unchanged = Unchanged,
            NoEmail = NoEmail,
            FailedToDecrypt = Failed,
            Failures = [.. _failures],
            DryRun = dryRun,
            Completed = completed,
        };
    }
}
