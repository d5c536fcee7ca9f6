using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Storage.Connections;

/// <summary>
/// Connections whose data source follows <see cref="IDatabaseCredentials"/>: built from the current
/// connection string, rebuilt when the (cached) value changes, and, when PostgreSQL refuses the
/// credentials (28P01 invalid_password, 28000 invalid_authorization_specification), rebuilt once from
/// a fresh read of the secret before the open is tried again.
/// Authentication happens only while a physical connection opens, before any statement runs, so
/// retrying the open is retrying the operation: nothing was done yet that could be done twice.
/// </summary>
public sealed class RotatingDatabaseConnections : IDatabaseConnections, IAsyncDisposable
{
    private readonly IDatabaseCredentials _credentials;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private readonly List<NpgsqlDataSource> _retired = [];
    private Current? _current;

    public RotatingDatabaseConnections(IDatabaseCredentials credentials, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory?.CreateLogger<RotatingDatabaseConnections>() ?? NullLogger<RotatingDatabaseConnections>.Instance;
    }

    /// <summary>How many data sources were built (1 after the first open; +1 per rotation). For tests and metrics.</summary>
    public int Generation => Volatile.Read(ref _current)?.Generation ?? 0;

    /// <exception cref="TransientException">PostgreSQL refused the credentials again after a fresh read of the secret.</exception>
    public async ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var current = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await current.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException refused) when (IsAuthenticationFailure(refused))
        {
            _logger.CredentialsRefused(_credentials.Source, refused.SqlState, current.Generation);
            var rebuilt = await RebuildAfterRefusalAsync(current, cancellationToken).ConfigureAwait(false);
            try
            {
                return await rebuilt.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException again) when (IsAuthenticationFailure(again))
            {
                throw new TransientException(
                    $"PostgreSQL refused the credentials from {_credentials.Source} (SqlState {again.SqlState}: {again.MessageText}), " +
                    "first with the cached value and again after reading the secret afresh. Check that the secret's username and password " +
                    "match the database role. Just after a rotation, a cache in front of the secret (the Parameters and Secrets extension's: up to " +
                    "SECRETS_MANAGER_TTL seconds) may still hold the old value, so the step is retried. The password is not shown.",
                    again);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlDataSource[] all;
        lock (_retired)
        {
            all = [.. _retired, .. Volatile.Read(ref _current) is { } current ? new[] { current.DataSource } : []];
            _retired.Clear();
            _current = null;
        }

        foreach (var dataSource in all)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }

        _rebuild.Dispose();
    }

    internal static bool IsAuthenticationFailure(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification;

    /// <summary>The data source for the current connection string (served from the credentials' cache).</summary>
    private async ValueTask<Current> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        string connectionString;
        try
        {
            connectionString = await _credentials.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (VaultflowException error) when (current is not null)
        {
            // The credentials we hold still work until PostgreSQL says otherwise: a hiccup of the secret
            // source must not stop database work.
            _logger.CredentialsUnavailable(_credentials.Source, error.ErrorType, current.Generation);
            return current;
        }

        if (current is not null && string.Equals(current.ConnectionString, connectionString, StringComparison.Ordinal))
        {
            return current;
        }

        await _rebuild.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = Volatile.Read(ref _current);
            if (current is not null && string.Equals(current.ConnectionString, connectionString, StringComparison.Ordinal))
            {
                return current;
            }

            return Replace(current, connectionString, "the credentials changed");
        }
        finally
        {
            _rebuild.Release();
        }
    }

    private async ValueTask<Current> RebuildAfterRefusalAsync(Current refused, CancellationToken cancellationToken)
    {
        await _rebuild.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = Volatile.Read(ref _current)!;
            if (current.Generation != refused.Generation)
            {
                // Another operation refreshed while we waited: use its data source, do not read the secret again.
                return current;
            }

            var connectionString = await _credentials.RefreshConnectionStringAsync(cancellationToken).ConfigureAwait(false);
            if (string.Equals(connectionString, current.ConnectionString, StringComparison.Ordinal))
            {
                _logger.CredentialsUnchanged(_credentials.Source, current.Generation);
                return current;
            }

            return Replace(current, connectionString, "PostgreSQL refused the previous credentials");
        }
        finally
        {
            _rebuild.Release();
        }
    }

    /// <summary>Builds the next data source; the old one's idle connections are closed, busy ones close when returned.</summary>
    private Current Replace(Current? old, string connectionString, string reason)
    {
        var next = new Current(
            VaultflowDatabase.CreateDataSource(new VaultflowDatabaseOptions(connectionString), _loggerFactory),
            connectionString,
            (old?.Generation ?? 0) + 1);
        lock (_retired)
        {
            Volatile.Write(ref _current, next);
            if (old is not null)
            {
                // Not disposed yet: an operation that read it a moment ago may still open from it.
                old.DataSource.Clear();
                _retired.Add(old.DataSource);
            }
        }

        _logger.DataSourceBuilt(_credentials.Source, next.Generation, reason);
        return next;
    }

    private sealed record Current(NpgsqlDataSource DataSource, string ConnectionString, int Generation);
}
