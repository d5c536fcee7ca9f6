using System.Net;
using System.Net.Sockets;
using Npgsql;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Storage;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Storage;

/// <summary>Real failures from a real server (or a real refused connection), not simulated exceptions.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TransientErrorTests(PostgresFixture postgres)
{
    [Fact]
    public async Task GetByIdAsync_ServerUnreachable_ThrowsTransientExceptionNamingTheOperation()
    {
        var port = UnusedLoopbackPort();
        await using var dataSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(postgres.Database.AppConnectionString) { Port = port, Timeout = 5 }.ConnectionString);
        var store = TestRecords.Store(dataSource);
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<TransientException>(() => store.GetByIdAsync(id));

        Assert.Equal(ErrorTypes.Transient, error.ErrorType);
        Assert.True(error.IsRetryable);
        Assert.Contains(id.ToString(), error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
    }

    [Fact]
    public async Task BeginAsync_ServerUnreachable_ThrowsTransientException()
    {
        await using var dataSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(postgres.Database.AppConnectionString) { Port = UnusedLoopbackPort(), Timeout = 5 }.ConnectionString);

        var error = await Assert.ThrowsAsync<TransientException>(
            () => TestRecords.Ledger(dataSource).BeginAsync("k", "dedupe", "req", TimeSpan.FromMinutes(1)));

        Assert.Contains("claiming step 'dedupe' for idempotency key 'k'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsTransient_AdminShutdown57P01_IsTransientAndMessageCarriesSqlState()
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres.Database.AppConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(pg_backend_pid())", connection);

        var raw = await Assert.ThrowsAnyAsync<NpgsqlException>(() => command.ExecuteScalarAsync());
        var mapped = DbErrors.ToTransient(raw, "testing");

        Assert.Equal(PostgresErrorCodes.AdminShutdown, Assert.IsType<PostgresException>(raw).SqlState);
        Assert.True(DbErrors.IsTransient(raw));
        Assert.Contains("57P01", mapped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersistAsync_ConstraintViolation_PropagatesUnchanged()
    {
        var store = TestRecords.Store(postgres.App);
        var first = TestRecords.New();
        await store.PersistAsync(first);

        // Same id, different key: a primary-key clash is a bug, not something to retry.
        var error = await Assert.ThrowsAsync<PostgresException>(() => store.PersistAsync(TestRecords.New() with { Id = first.Id }));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.False(DbErrors.IsTransient(error));
    }

    private static int UnusedLoopbackPort()
    {
        // Bind, read the port, release: nothing listens there afterwards, so connecting is refused.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
