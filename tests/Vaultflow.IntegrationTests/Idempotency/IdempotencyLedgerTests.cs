using Npgsql;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Idempotency;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Storage;

namespace Vaultflow.IntegrationTests.Idempotency;

[Collection(PostgresCollection.Name)]
public sealed class IdempotencyLedgerTests(PostgresFixture postgres)
{
    private const string Step = "encrypt";
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(5);

    private IdempotencyLedger Ledger => TestRecords.Ledger(postgres.App);

    [Fact]
    public async Task BeginAsync_NewStep_ClaimsAttemptOneWithLeaseOnDatabaseClock()
    {
        var key = TestRecords.NewKey();

        var claim = await Ledger.BeginAsync(key, Step, "req-1", LongLease);

        Assert.Equal(StepClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(1, claim.Attempt);
        Assert.True(claim.MustRun);
        Assert.Null(claim.ResultJson);
        var row = await ReadRowAsync(key);
        Assert.Equal(("in_progress", "req-1", 1), (row.Status, row.Owner, row.Attempts));
        Assert.Equal(claim.LeaseExpiresAt, row.LeaseExpiresAt);
        Assert.InRange(row.LeaseExpiresAt!.Value - row.DbNow, LongLease - TimeSpan.FromSeconds(30), LongLease);
    }

    [Fact]
    public async Task BeginAsync_AfterComplete_ReturnsAlreadyCompletedWithStoredResult()
    {
        var key = TestRecords.NewKey();
        await Ledger.BeginAsync(key, Step, "req-1", LongLease);
        await Ledger.CompleteAsync(key, Step, "req-1", """{"recordId":"r-1","n":[1,2]}""");

        var again = await Ledger.BeginAsync(key, Step, "req-2", LongLease);

        Assert.Equal(StepClaimOutcome.AlreadyCompleted, again.Outcome);
        Assert.False(again.MustRun);
        Assert.Equal(1, again.Attempt);
        Assert.Equal("""{"n": [1, 2], "recordId": "r-1"}""", again.ResultJson);
        Assert.Equal("completed", (await ReadRowAsync(key)).Status);
    }

    [Fact]
    public async Task BeginAsync_SameRequestAgain_ResumesWithSameAttemptAndExtendsLease()
    {
        var key = TestRecords.NewKey();
        var first = await Ledger.BeginAsync(key, Step, "req-1", TimeSpan.FromMinutes(1));

        var resumed = await Ledger.BeginAsync(key, Step, "req-1", LongLease);

        Assert.Equal(StepClaimOutcome.Resumed, resumed.Outcome);
        Assert.Equal(1, resumed.Attempt);
        Assert.True(resumed.LeaseExpiresAt > first.LeaseExpiresAt);
    }

    [Fact]
    public async Task BeginAsync_OtherLiveRequestOwnsStep_ThrowsStepInProgressNamingKeyStepAndLease()
    {
        var key = TestRecords.NewKey();
        var owner = await Ledger.BeginAsync(key, Step, "req-owner", LongLease);

        var error = await Assert.ThrowsAsync<StepInProgressException>(() => Ledger.BeginAsync(key, Step, "req-other", LongLease));

        Assert.True(error.IsRetryable);
        Assert.Equal(ErrorTypes.StepInProgress, error.ErrorType);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{Step}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("req-owner", error.Message, StringComparison.Ordinal);
        Assert.Contains(owner.LeaseExpiresAt!.Value.ToString("O"), error.Message, StringComparison.Ordinal);
        Assert.Equal(("req-owner", 1), ((await ReadRowAsync(key)).Owner, (await ReadRowAsync(key)).Attempts));
    }

    [Fact]
    public async Task BeginAsync_LeaseExpired_RetriedByNewRequestWithAttemptTwo()
    {
        var key = TestRecords.NewKey();
        await Ledger.BeginAsync(key, Step, "req-1", TimeSpan.FromMilliseconds(200));
        await WaitForLeaseToExpireAsync(key);

        var retried = await Ledger.BeginAsync(key, Step, "req-2", LongLease);

        Assert.Equal(StepClaimOutcome.Retried, retried.Outcome);
        Assert.Equal(2, retried.Attempt);
        Assert.True(retried.MustRun);
        var row = await ReadRowAsync(key);
        Assert.Equal(("in_progress", "req-2", 2), (row.Status, row.Owner, row.Attempts));
    }

    [Fact]
    public async Task BeginAsync_AfterFail_RetriedWithAttemptTwoAndFailureKept()
    {
        var key = TestRecords.NewKey();
        await Ledger.BeginAsync(key, Step, "req-1", LongLease);
        var released = await Ledger.FailAsync(key, Step, "req-1", ErrorTypes.Transient, "KMS throttled");
        var failed = await ReadRowAsync(key);

        var retried = await Ledger.BeginAsync(key, Step, "req-2", LongLease);

        Assert.True(released);
        Assert.Equal(("failed", 1, ErrorTypes.Transient), (failed.Status, failed.Attempts, failed.ErrorType));
        Assert.Null(failed.LeaseExpiresAt);
        Assert.Equal(StepClaimOutcome.Retried, retried.Outcome);
        Assert.Equal(2, retried.Attempt);
    }

    [Fact]
    public async Task CompleteAsync_StaleOwnerAfterTakeOver_ThrowsAndKeepsNewOwner()
    {
        var key = TestRecords.NewKey();
        await Ledger.BeginAsync(key, Step, "req-stale", TimeSpan.FromMilliseconds(200));
        await WaitForLeaseToExpireAsync(key);
        await Ledger.BeginAsync(key, Step, "req-new", LongLease);

        var error = await Assert.ThrowsAsync<StepInProgressException>(
            () => Ledger.CompleteAsync(key, Step, "req-stale", """{"late":true}"""));

        Assert.Contains("req-stale", error.Message, StringComparison.Ordinal);
        Assert.Contains("in progress under request 'req-new'", error.Message, StringComparison.Ordinal);
        var row = await ReadRowAsync(key);
        Assert.Equal(("in_progress", "req-new", 2), (row.Status, row.Owner, row.Attempts));
        Assert.Null(row.Result);
    }

    [Fact]
    public async Task FailAsync_StaleOwner_ReturnsFalseAndChangesNothing()
    {
        var key = TestRecords.NewKey();
        await Ledger.BeginAsync(key, Step, "req-owner", LongLease);

        var released = await Ledger.FailAsync(key, Step, "req-other", ErrorTypes.Transient, "boom");

        Assert.False(released);
        Assert.Equal(("in_progress", "req-owner"), ((await ReadRowAsync(key)).Status, (await ReadRowAsync(key)).Owner));
    }

    [Fact]
    public async Task CompleteAsync_NeverBegun_ThrowsInvalidOperation()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Ledger.CompleteAsync(TestRecords.NewKey(), Step, "req-1", "{}"));

        Assert.Contains("never begun", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BeginAsync_TwentyConcurrentClaimants_ExactlyOneClaimsOthersSeeStepInProgress()
    {
        const int Claimants = 20;
        var key = TestRecords.NewKey();
        await using var dataSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(postgres.Database.AppConnectionString) { MaxPoolSize = Claimants }.ConnectionString);
        var ledger = TestRecords.Ledger(dataSource);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claimants = Enumerable.Range(0, Claimants).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            try
            {
                return (Claim: await ledger.BeginAsync(key, Step, $"req-{i}", LongLease), Error: (Exception?)null);
            }
            catch (Exception ex)
            {
                return (Claim: (StepClaim?)null, Error: ex);
            }
        })).ToArray();

        gate.SetResult();
        var outcomes = await Task.WhenAll(claimants);

        var winner = Assert.Single(outcomes, o => o.Claim is not null).Claim!;
        Assert.Equal(StepClaimOutcome.Claimed, winner.Outcome);
        Assert.Equal(Claimants - 1, outcomes.Count(o => o.Error is StepInProgressException));
        var row = await ReadRowAsync(key);
        Assert.Equal((winner.AwsRequestId, 1), (row.Owner, row.Attempts));
    }

    [Fact]
    public async Task CompleteAsync_InCallersTransactionRolledBack_LeavesStepInProgress()
    {
        var key = TestRecords.NewKey();
        await Ledger.BeginAsync(key, Step, "req-1", LongLease);
        await using (var connection = await postgres.App.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Ledger.CompleteAsync(key, Step, "req-1", "{}", transaction);
            await transaction.RollbackAsync();
        }

        var again = await Ledger.BeginAsync(key, Step, "req-1", LongLease);

        Assert.Equal(StepClaimOutcome.Resumed, again.Outcome);
    }

    [Fact]
    public async Task BeginAsync_Retried_LogsKeyStepRequestAndAttemptAsStructuredValues()
    {
        var logger = new CapturingLogger<IdempotencyLedger>();
        var ledger = new IdempotencyLedger(postgres.App, logger);
        var key = TestRecords.NewKey();
        await ledger.BeginAsync(key, Step, "req-1", LongLease);
        await ledger.FailAsync(key, Step, "req-1", ErrorTypes.Transient, "boom");

        await ledger.BeginAsync(key, Step, "req-2", LongLease);

        var retried = Assert.Single(logger.Entries, e => e.Message.StartsWith("Step encrypt retried", StringComparison.Ordinal));
        Assert.Equal(key, retried.Values["IdempotencyKey"]);
        Assert.Equal(Step, retried.Values["Step"]);
        Assert.Equal("req-2", retried.Values["AwsRequestId"]);
        Assert.Equal(2, retried.Values["Attempt"]);
        Assert.Equal("req-1", retried.Values["PreviousOwner"]);
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("boom", StringComparison.Ordinal));
    }

    /// <summary>Polls the database clock (the one leases use) until the step's lease has passed; bounded.</summary>
    private async Task WaitForLeaseToExpireAsync(string key)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        await using var command = postgres.Owner.CreateCommand(
            "SELECT clock_timestamp() > lease_expires_at FROM idempotency_steps WHERE idempotency_key = @key AND step = @step");
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("step", Step);
        while (await command.ExecuteScalarAsync() is not true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The lease of '{key}' did not expire within 10 s on the database clock.");
            await Task.Delay(25);
        }
    }

    private async Task<LedgerRow> ReadRowAsync(string key)
    {
        await using var command = postgres.Owner.CreateCommand("""
            SELECT status, owner_request_id, attempts, lease_expires_at, result::text, error_type, now()
            FROM idempotency_steps WHERE idempotency_key = @key AND step = @step
            """);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("step", Step);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No ledger row for '{key}'.");
        return new LedgerRow(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetFieldValue<DateTimeOffset>(6));
    }

    private sealed record LedgerRow(string Status, string Owner, int Attempts, DateTimeOffset? LeaseExpiresAt, string? Result, string? ErrorType, DateTimeOffset DbNow);
}
