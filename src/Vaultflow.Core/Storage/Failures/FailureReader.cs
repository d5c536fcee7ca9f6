using Npgsql;
using NpgsqlTypes;
using Vaultflow.Core.Storage.Connections;

namespace Vaultflow.Core.Storage.Failures;

/// <summary>Reads the <c>failures</c> table for operators (<c>vaultflow failures</c>); the app role's SELECT is enough.</summary>
public sealed class FailureReader
{
    public const int MaxRows = 10_000;

    // A dlq-refused row is resolved once a later row of the same execution has another reason: the
    // redriven RouteFailure parked the message and recorded why (failures are append-only).
    private const string Select = """
        SELECT f.id, f.reason, f.execution_name, f.idempotency_key, f.source_message_id, f.error_type, f.cause, f.created_at,
               CASE WHEN f.reason = 'dlq-refused' THEN (
                   SELECT min(later.created_at) FROM failures later
                   WHERE later.execution_name = f.execution_name AND later.id > f.id AND later.reason <> 'dlq-refused')
               END AS resolved_at
        FROM failures f
        WHERE (@reason IS NULL OR f.reason = @reason)
          AND (@since IS NULL OR f.created_at >= @since)
        ORDER BY f.created_at DESC, f.id DESC
        LIMIT @limit
        """;

    private readonly IDatabaseConnections _connections;

    public FailureReader(NpgsqlDataSource dataSource)
        : this(new FixedDatabaseConnections(dataSource))
    {
    }

    public FailureReader(IDatabaseConnections connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
    }

    public async Task<IReadOnlyList<StoredFailure>> ListAsync(FailureQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Max, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Max, MaxRows);
        await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Select, connection);
        command.Parameters.Add(new NpgsqlParameter("reason", NpgsqlDbType.Text) { Value = (object?)query.Reason ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = query.Since is { } since ? since.UtcDateTime : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = query.Max });
        var rows = new List<StoredFailure>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new StoredFailure(
                reader.GetInt64(0),
                reader.GetString(1),
                Nullable(reader, 2),
                Nullable(reader, 3),
                Nullable(reader, 4),
                Nullable(reader, 5),
                Nullable(reader, 6),
                reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return rows;
    }

    private static string? Nullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
