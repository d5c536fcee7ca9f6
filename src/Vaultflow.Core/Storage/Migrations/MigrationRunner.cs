using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Storage.Migrations;

/// <summary>
/// Applies versioned SQL migrations as the owner role. Runners on the same database serialise on a
/// session advisory lock; each migration runs in its own transaction together with its row in
/// <c>schema_migrations</c>, so a failure leaves no half-applied version. An applied migration whose
/// text changed is refused before anything runs.
/// </summary>
public sealed class MigrationRunner
{
    /// <summary>Advisory lock key ("Vaultflw" in ASCII). Advisory locks are per database.</summary>
    internal const long AdvisoryLockKey = 0x5661_756C_7466_6C77;

    private const string CreateHistorySql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private const string SelectHistorySql = "SELECT version, name, checksum FROM schema_migrations ORDER BY version";
    private const string InsertHistorySql = "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)";
    private const string RoleCheckSql = "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role), current_user = @role";
    private const string SetAppRoleSql = "SELECT set_config('vaultflow.app_role', @role, true)";
    private const string LockSql = "SELECT pg_advisory_lock(@key)";
    private const string UnlockSql = "SELECT pg_advisory_unlock(@key)";

    private readonly NpgsqlDataSource _ownerDataSource;
    private readonly MigrationOptions _options;
    private readonly ILogger _logger;

    public MigrationRunner(NpgsqlDataSource ownerDataSource, MigrationOptions options, ILogger<MigrationRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(ownerDataSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.AppRole);
        _ownerDataSource = ownerDataSource;
        _options = options;
        _logger = logger;
    }

    /// <summary>Applies the migrations embedded in Vaultflow.Core.</summary>
    public Task<MigrationResult> RunAsync(CancellationToken cancellationToken = default) =>
        RunAsync(EmbeddedMigrations.Load(), cancellationToken);

    /// <summary>Applies <paramref name="migrations"/> that are not yet recorded, in version order.</summary>
    public async Task<MigrationResult> RunAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var ordered = Validate(migrations);
        try
        {
            await using var connection = await _ownerDataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await EnsureAppRoleExistsAsync(connection, cancellationToken).ConfigureAwait(false);
            await LockAsync(connection, cancellationToken).ConfigureAwait(false);
            try
            {
                return await ApplyPendingAsync(connection, ordered, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Not the cancellation token: the lock must be released even when the run was cancelled.
                await UnlockAsync(connection).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (DbErrors.IsTransient(ex))
        {
            throw DbErrors.ToTransient(ex, "running database migrations");
        }
    }

    private static List<Migration> Validate(IReadOnlyList<Migration> migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Version == ordered[i - 1].Version)
            {
                throw new MigrationException(
                    ordered[i].DisplayName,
                    $"Migrations {ordered[i - 1].DisplayName} and {ordered[i].DisplayName} share version {ordered[i].Version}: give each file its own number.");
            }
        }

        return ordered;
    }

    private async Task<MigrationResult> ApplyPendingAsync(NpgsqlConnection connection, List<Migration> migrations, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(CreateHistorySql, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var history = await ReadHistoryAsync(connection, cancellationToken).ConfigureAwait(false);
        VerifyChecksums(migrations, history);

        var applied = new List<Migration>();
        foreach (var migration in migrations)
        {
            if (history.ContainsKey(migration.Version))
            {
                continue;
            }

            await ApplyAsync(connection, migration, cancellationToken).ConfigureAwait(false);
            applied.Add(migration);
        }

        _logger.MigrationsDone(applied.Count, history.Count);
        return new MigrationResult(applied, history.Count);
    }

    private void VerifyChecksums(List<Migration> migrations, Dictionary<int, (string Name, string Checksum)> history)
    {
        var known = migrations.ToDictionary(m => m.Version);
        foreach (var (version, recorded) in history.OrderBy(h => h.Key))
        {
            if (!known.TryGetValue(version, out var migration))
            {
                // A newer deployment may have migrated first; older code keeps working on a newer schema.
                _logger.UnknownMigrationApplied(version, recorded.Name);
                continue;
            }

            if (!string.Equals(migration.Checksum, recorded.Checksum, StringComparison.Ordinal))
            {
                throw new MigrationException(
                    migration.DisplayName,
                    $"Migration {migration.DisplayName} was changed after it was applied to this database " +
                    $"(recorded checksum {recorded.Checksum}, file checksum {migration.Checksum}). " +
                    "Applied migrations are immutable: restore the original file and put the change in a new migration with the next version number.");
            }
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        _logger.ApplyingMigration(migration.DisplayName, migration.Checksum);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using (var setRole = new NpgsqlCommand(SetAppRoleSql, connection, transaction))
            {
                setRole.Parameters.Add(new NpgsqlParameter<string>("role", NpgsqlDbType.Text) { TypedValue = _options.AppRole });
                await setRole.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // CA2100: the text is a migration compiled into this assembly, never user input.
#pragma warning disable CA2100
            await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction))
#pragma warning restore CA2100
            {
                script.CommandTimeout = (int)Math.Ceiling(_options.CommandTimeout.TotalSeconds);
                await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var record = new NpgsqlCommand(InsertHistorySql, connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<int>("version", NpgsqlDbType.Integer) { TypedValue = migration.Version });
                record.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = migration.Name });
                record.Parameters.Add(new NpgsqlParameter<string>("checksum", NpgsqlDbType.Text) { TypedValue = migration.Checksum });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _logger.AppliedMigration(migration.DisplayName);
        }
        catch (PostgresException ex) when (!ex.IsTransient)
        {
            throw new MigrationException(
                migration.DisplayName,
                $"Migration {migration.DisplayName} failed and was rolled back: {ex.SqlState} {ex.MessageText}" +
                (ex.Position > 0 ? $" (at character {ex.Position})" : string.Empty) +
                (string.IsNullOrEmpty(ex.Hint) ? string.Empty : $". {ex.Hint}") +
                ". Fix the SQL (or the database) and run the migrations again.",
                ex);
        }
    }

    private async Task EnsureAppRoleExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(RoleCheckSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("role", NpgsqlDbType.Text) { TypedValue = _options.AppRole });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (exists, isCurrentUser) = (reader.GetBoolean(0), reader.GetBoolean(1));
        if (isCurrentUser)
        {
            throw new ConfigurationException(
                nameof(MigrationOptions) + "." + nameof(MigrationOptions.AppRole),
                $"Migrations are running as the app role '{_options.AppRole}'. Run them with the owner role's connection string " +
                "(ownerConnectionString in .vaultflow/postgres.json locally); the app role must never own or alter the schema.");
        }

        if (!exists)
        {
            throw new ConfigurationException(
                nameof(MigrationOptions) + "." + nameof(MigrationOptions.AppRole),
                $"The app role '{_options.AppRole}' does not exist in this PostgreSQL cluster, so the migrations cannot grant it access. " +
                "Create it (scripts/setup creates vaultflow_app) or set MigrationOptions.AppRole to the role the functions log in as.");
        }
    }

    private async Task LockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LockSql, connection);
        command.Parameters.Add(new NpgsqlParameter<long>("key", NpgsqlDbType.Bigint) { TypedValue = AdvisoryLockKey });
        command.CommandTimeout = (int)Math.Ceiling(_options.LockTimeout.TotalSeconds);
        _logger.WaitingForLock(AdvisoryLockKey);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (ex.InnerException is TimeoutException)
        {
            throw new MigrationException(
                "*",
                $"Another migration runner held the migration lock (pg_advisory_lock {AdvisoryLockKey}) for more than {_options.LockTimeout}. " +
                "Wait for it to finish, or find the session holding it in pg_locks (locktype 'advisory') and stop it.",
                ex);
        }
    }

    private static async Task UnlockAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
        {
            return; // A broken connection has already lost its session lock.
        }

        await using var command = new NpgsqlCommand(UnlockSql, connection);
        command.Parameters.Add(new NpgsqlParameter<long>("key", NpgsqlDbType.Bigint) { TypedValue = AdvisoryLockKey });
        await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task<Dictionary<int, (string Name, string Checksum)>> ReadHistoryAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var history = new Dictionary<int, (string, string)>();
        await using var command = new NpgsqlCommand(SelectHistorySql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            history[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return history;
    }
}
