using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vaultflow.Aws.Secrets;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage.Connections;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Kms;

namespace Vaultflow.IntegrationTests.Secrets;

/// <summary>
/// Password rotation against the real PostgreSQL: a throw-away login role per test (the owner has
/// CREATEROLE, granted by scripts/setup), credentials served by the fake extension as an RDS JSON
/// secret, read by the real client, cache and connection provider, used by the real ledger.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CredentialRotationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string SecretName = "vaultflow/rds";
    private readonly FakeSecretsExtension _extension = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));
    private readonly string _role = "vaultflow_rot_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private readonly string _passwordA = "A-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
    private readonly string _passwordB = "B-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
    private ILoggerFactory _loggerFactory = null!;
    private SecretsExtensionSource _source = null!;

    public async Task InitializeAsync()
    {
        _loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        _source = new SecretsExtensionSource(
            new SecretsExtensionOptions { SecretId = SecretName, Endpoint = _extension.Endpoint, SessionToken = _extension.Token },
            _loggerFactory.CreateLogger<SecretsExtensionSource>());
        await using var create = postgres.Owner.CreateCommand(
            $"CREATE ROLE {_role} LOGIN PASSWORD '{_passwordA}'; GRANT {postgres.Config.AppUser} TO {_role}");
        try
        {
            await create.ExecuteNonQueryAsync();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                $"The owner role cannot create the test role ({ex.MessageText}). Run scripts/setup again: it grants vaultflow_owner CREATEROLE for this test.", ex);
        }
    }

    public async Task DisposeAsync()
    {
        _source.Dispose();
        _loggerFactory.Dispose();
        await _extension.DisposeAsync();
        await using var drop = postgres.Owner.CreateCommand($"DROP ROLE IF EXISTS {_role}");
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task OpenConnectionAsync_PasswordRotated_RefreshesOnceRebuildsAndTheOperationSucceeds()
    {
        _extension.SetSecret(SecretName, RdsSecret(_role, _passwordA));
        await using var connections = Connections();
        var ledger = new IdempotencyLedger(connections, NullLogger<IdempotencyLedger>.Instance);

        var before = await ledger.BeginAsync(Key(), "Persist", "req-1", TimeSpan.FromMinutes(1));
        Assert.Equal(StepClaimOutcome.Claimed, before.Outcome);
        Assert.Equal(1, connections.Generation);

        // A busy session keeps the pool's only physical connection (sessions outlive a password change),
        // so the next operation must authenticate anew, as a new sandbox or a grown pool would.
        await using var busy = await connections.OpenConnectionAsync();
        await using (var rotate = postgres.Owner.CreateCommand($"ALTER ROLE {_role} PASSWORD '{_passwordB}'"))
        {
            await rotate.ExecuteNonQueryAsync();
        }

        _extension.SetSecret(SecretName, RdsSecret(_role, _passwordB));

        var after = await ledger.BeginAsync(Key(), "Persist", "req-2", TimeSpan.FromMinutes(1));
        var again = await ledger.BeginAsync(Key(), "Persist", "req-3", TimeSpan.FromMinutes(1));

        Assert.Equal(StepClaimOutcome.Claimed, after.Outcome);
        Assert.Equal(StepClaimOutcome.Claimed, again.Outcome);
        Assert.Equal(2, connections.Generation);
        Assert.Equal(2, _extension.Calls);
        Assert.Contains(_logs.Lines, line => line.Contains("refused the credentials", StringComparison.Ordinal) && line.Contains("28P01", StringComparison.Ordinal));
        AssertNoPasswordInLogs();
    }

    [Fact]
    public async Task OpenConnectionAsync_WrongPasswordBeforeAndAfterRefresh_ClearTransientErrorAfterExactlyTwoFetches()
    {
        var wrong = "wrong-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        _extension.SetSecret(SecretName, RdsSecret(_role, wrong));
        await using var connections = Connections();
        var ledger = new IdempotencyLedger(connections, NullLogger<IdempotencyLedger>.Instance);

        var error = await Assert.ThrowsAsync<TransientException>(() => ledger.BeginAsync(Key(), "Persist", "req-1", TimeSpan.FromMinutes(1)));

        Assert.Equal(2, _extension.Calls);
        Assert.Contains($"secret '{SecretName}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("SqlState 28P01", error.Message, StringComparison.Ordinal);
        Assert.Contains("after reading the secret afresh", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(wrong, StringComparison.Ordinal));
        AssertNoPasswordInLogs();
    }

    [Fact]
    public async Task OpenConnectionAsync_SecretChangedAfterTtl_RebuildsWithoutWaitingForARefusal()
    {
        _extension.SetSecret(SecretName, RdsSecret(_role, _passwordA));
        await using var connections = Connections();
        var ledger = new IdempotencyLedger(connections, NullLogger<IdempotencyLedger>.Instance);
        await ledger.BeginAsync(Key(), "Persist", "req-1", TimeSpan.FromMinutes(1));

        // Rotated on both sides (as Secrets Manager's rotation does); the old sessions would still work.
        await using (var rotate = postgres.Owner.CreateCommand($"ALTER ROLE {_role} PASSWORD '{_passwordB}'"))
        {
            await rotate.ExecuteNonQueryAsync();
        }

        _extension.SetSecret(SecretName, RdsSecret(_role, _passwordB));
        await ledger.BeginAsync(Key(), "Persist", "req-2", TimeSpan.FromMinutes(1));
        Assert.Equal(1, connections.Generation); // within the TTL: the cached secret, the pooled session

        _time.Advance(TimeSpan.FromMinutes(5));
        var claim = await ledger.BeginAsync(Key(), "Persist", "req-3", TimeSpan.FromMinutes(1));

        Assert.Equal(StepClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(2, connections.Generation);
        Assert.Equal(2, _extension.Calls);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains("refused", StringComparison.Ordinal));
        AssertNoPasswordInLogs();
    }

    [Fact]
    public async Task OpenConnectionAsync_ManyOperationsRefusedAtOnce_OneRefreshOneRebuild()
    {
        _extension.SetSecret(SecretName, RdsSecret(_role, _passwordA));
        await using var connections = Connections();
        var ledger = new IdempotencyLedger(connections, NullLogger<IdempotencyLedger>.Instance);
        await ledger.BeginAsync(Key(), "Persist", "req-0", TimeSpan.FromMinutes(1));
        await using var busy = await connections.OpenConnectionAsync();
        await using (var rotate = postgres.Owner.CreateCommand($"ALTER ROLE {_role} PASSWORD '{_passwordB}'"))
        {
            await rotate.ExecuteNonQueryAsync();
        }

        _extension.SetSecret(SecretName, RdsSecret(_role, _passwordB));

        var claims = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => ledger.BeginAsync(Key(), "Persist", "req-" + i, TimeSpan.FromMinutes(1))));

        Assert.All(claims, claim => Assert.Equal(StepClaimOutcome.Claimed, claim.Outcome));
        Assert.Equal(2, _extension.Calls);
        Assert.Equal(2, connections.Generation);
        AssertNoPasswordInLogs();
    }

    [Fact]
    public async Task OpenConnectionAsync_ExtensionFailsAfterTtl_KeepsTheWorkingDataSource()
    {
        _extension.SetSecret(SecretName, RdsSecret(_role, _passwordA));
        await using var connections = Connections();
        var ledger = new IdempotencyLedger(connections, NullLogger<IdempotencyLedger>.Instance);
        await ledger.BeginAsync(Key(), "Persist", "req-1", TimeSpan.FromMinutes(1));

        _time.Advance(TimeSpan.FromMinutes(5));
        _extension.AnswerServerError(100);
        var claim = await ledger.BeginAsync(Key(), "Persist", "req-2", TimeSpan.FromMinutes(1));

        Assert.Equal(StepClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(1, connections.Generation);
        Assert.Contains(_logs.Lines, line => line.Contains("keeping data source 1", StringComparison.Ordinal));
        AssertNoPasswordInLogs();
    }

    private RotatingDatabaseConnections Connections()
    {
        var secret = new CachedSecret(_source, TimeSpan.FromMinutes(5), _time, _loggerFactory.CreateLogger<CachedSecret>());

        // The local cluster has no TLS; RDS JSON secrets default to SSL Mode=Require.
        var credentials = new SecretDatabaseCredentials(secret, new DatabaseSecretOptions { SslMode = SslMode.Disable });
        return new RotatingDatabaseConnections(credentials, _loggerFactory);
    }

    private string RdsSecret(string user, string password)
    {
        var target = new NpgsqlConnectionStringBuilder(postgres.Database.AppConnectionString);
        return $$"""{"engine":"postgres","host":"{{target.Host}}","port":{{target.Port}},"username":"{{user}}","password":"{{password}}","dbname":"{{target.Database}}"}""";
    }

    private void AssertNoPasswordInLogs()
    {
        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(_passwordA, StringComparison.Ordinal) || line.Contains(_passwordB, StringComparison.Ordinal));
    }

    private static string Key() => "rotation-" + Guid.NewGuid().ToString("N");
}
