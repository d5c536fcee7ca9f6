using Npgsql;
using NpgsqlTypes;
using Vaultflow.Core.Storage.Connections;

namespace Vaultflow.Core.Storage;

/// <summary>Finds a record by its idempotency key (Dedupe's question: was this message persisted already?).</summary>
public interface IRecordLookup
{
    /// <summary>The record with this idempotency key, or null.</summary>
    /// <exception cref="Errors.TransientException">The database was briefly unavailable (retryable).</exception>
    Task<StoredRecord?> GetByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default);
}

/// <summary>
/// <see cref="IRecordLookup"/> on PostgreSQL, next to <see cref="PostgresRecordStore"/> (same table, same
/// statement text), kept in its own class so the store's file stays as its author wrote it.
/// </summary>
public sealed class PostgresRecordLookup : IRecordLookup
{
    private readonly IDatabaseConnections _connections;

    public PostgresRecordLookup(NpgsqlDataSource dataSource)
        : this(new FixedDatabaseConnections(dataSource))
    {
    }

    public PostgresRecordLookup(IDatabaseConnections connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
    }

    public async Task<StoredRecord?> GetByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        try
        {
            await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(RecordSql.SelectByKey, connection);
            command.Parameters.Add(new NpgsqlParameter("idempotency_key", NpgsqlDbType.Text) { Value = idempotencyKey });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return RecordSql.ReadRecord(reader);
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            throw DbErrors.ToTransient(ex, $"looking up the record for idempotency key '{idempotencyKey}'");
        }
    }
}
