using Npgsql;
using Vaultflow.Core.Storage.Failures;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class FailureReaderTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ListAsync_ReasonSinceAndMax_NewestFirstWithinTheFilter()
    {
        var reason = "test-" + Guid.NewGuid().ToString("N")[..10];
        var now = DateTimeOffset.UtcNow;
        await InsertAsync(reason, "e-old", now.AddHours(-3));
        await InsertAsync(reason, "e-mid", now.AddMinutes(-30));
        await InsertAsync(reason, "e-new", now.AddMinutes(-1));
        await InsertAsync("other-" + reason, "e-other", now);

        var reader = new FailureReader(postgres.App);
        var recent = await reader.ListAsync(new FailureQuery(reason, now.AddHours(-1)));
        var capped = await reader.ListAsync(new FailureQuery(reason, Max: 2));

        Assert.Equal(["e-new", "e-mid"], recent.Select(r => r.ExecutionName));
        Assert.Equal(["e-new", "e-mid"], capped.Select(r => r.ExecutionName));
        Assert.All(recent, r => Assert.Equal(reason, r.Reason));
        Assert.Equal("key-e-new", recent[0].IdempotencyKey);
        Assert.Equal("Vaultflow.Transient", recent[0].ErrorType);
        Assert.Null(recent[0].ResolvedAt);
    }

    [Fact]
    public async Task ListAsync_DlqRefusedThenALaterRowOfTheSameExecution_ResolvedAtThatRow()
    {
        var execution = "exec-" + Guid.NewGuid().ToString("N");
        var other = "exec-" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        await InsertAsync("dlq-refused", execution, now.AddMinutes(-10));
        await InsertAsync("dlq-refused", execution, now.AddMinutes(-8)); // a redrive the DLQ refused again
        await InsertAsync("unknown-field", execution, now.AddMinutes(-5)); // the redrive that parked it
        await InsertAsync("dlq-refused", other, now.AddMinutes(-4));

        var rows = await new FailureReader(postgres.App).ListAsync(new FailureQuery("dlq-refused", now.AddMinutes(-11), 1000));

        var mine = rows.Where(r => r.ExecutionName == execution).ToList();
        Assert.Equal(2, mine.Count);
        // PostgreSQL keeps microseconds; .NET ticks are finer.
        Assert.All(mine, r => Assert.InRange((r.ResolvedAt!.Value - now.AddMinutes(-5)).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1)));
        Assert.Null(Assert.Single(rows, r => r.ExecutionName == other).ResolvedAt);
    }

    [Fact]
    public async Task ListAsync_MaxOutOfRange_Throws()
    {
        var reader = new FailureReader(postgres.App);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => reader.ListAsync(new FailureQuery(Max: 0)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => reader.ListAsync(new FailureQuery(Max: FailureReader.MaxRows + 1)));
    }

    /// <summary>As the owner, to set created_at (the app role's inserts take now()).</summary>
    private async Task InsertAsync(string reason, string execution, DateTimeOffset createdAt)
    {
        await using var command = postgres.Owner.CreateCommand(
            "INSERT INTO failures (idempotency_key, source_message_id, reason, error_type, cause, execution_name, created_at) VALUES ($1, $2, $3, 'Vaultflow.Transient', 'c', $4, $5)");
        command.Parameters.Add(new NpgsqlParameter { Value = "key-" + execution });
        command.Parameters.Add(new NpgsqlParameter { Value = "msg-" + execution });
        command.Parameters.Add(new NpgsqlParameter { Value = reason });
        command.Parameters.Add(new NpgsqlParameter { Value = execution });
        command.Parameters.Add(new NpgsqlParameter { Value = createdAt.UtcDateTime });
        await command.ExecuteNonQueryAsync();
    }
}
