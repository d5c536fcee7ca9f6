using Npgsql;
using NpgsqlTypes;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Storage.Connections;

namespace Vaultflow.Core.Idempotency;

/// <summary>Reads another step's stored result without claiming anything (Persist reads Encrypt's envelope).</summary>
public interface ILedgerResultReader
{
    /// <summary>The stored result JSON of a completed step, or null when the step is not completed.</summary>
    /// <exception cref="Errors.TransientException">The database was briefly unavailable (retryable).</exception>
    Task<string?> GetCompletedResultAsync(string idempotencyKey, string step, CancellationToken cancellationToken = default);
}

/// <summary><see cref="ILedgerResultReader"/> on the <c>idempotency_steps</c> table (read-only).</summary>
public sealed class PostgresLedgerResultReader : ILedgerResultReader
{
    private const string SelectCompletedResult = """
        SELECT result::text
        FROM idempotency_steps
        WHERE idempotency_key = @idempotency_key AND step = @step AND status = 'completed'
        """;

    private readonly IDatabaseConnections _connections;

    public PostgresLedgerResultReader(NpgsqlDataSource dataSource)
        : this(new FixedDatabaseConnections(dataSource))
    {
    }

    public PostgresLedgerResultReader(IDatabaseConnections connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
    }

    public async Task<string?> GetCompletedResultAsync(string idempotencyKey, string step, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(step);
        try
        {
            await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(SelectCompletedResult, connection);
            command.Parameters.Add(new NpgsqlParameter("idempotency_key", NpgsqlDbType.Text) { Value = idempotencyKey });
            command.Parameters.Add(new NpgsqlParameter("step", NpgsqlDbType.Text) { Value = step });
            var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return result as string;
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            throw DbErrors.ToTransient(ex, $"reading the stored result of step '{step}' for idempotency key '{idempotencyKey}'");
        }
    }
}
