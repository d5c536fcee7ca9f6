using Vaultflow.Core.Workflow.Reindex;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Reindex;

/// <summary>The re-index on the real PostgreSQL, as the owner role: what it rewrites, what it leaves, and how it resumes.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BlindIndexReindexerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Run_MixedRows_UpdatesExactlyTheRowsUnderTheOldKeyAndASecondRunUpdatesNone()
    {
        await using var db = await RotationDatabase.CreateAsync(postgres);
        var run = Guid.NewGuid().ToString("N")[..8];
        var old = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            old.Add(await db.AddAsync($"old{i}-{run}@example.com", db.OldIndex($"old{i}-{run}@example.com")));
        }

        var current = await db.AddAsync($"new-{run}@example.com", db.NewIndex($"new-{run}@example.com"));
        var noEmail = await db.AddAsync(null, null);
        var before = await db.IndexesAsync();

        var first = await Reindexer(db).RunAsync(new ReindexOptions { BatchSize = 3 });
        var after = await db.IndexesAsync();
        var second = await Reindexer(db).RunAsync(new ReindexOptions { BatchSize = 3 });

        Assert.Equal((7L, 5L, 2L, 1L, 0L, true), (first.Scanned, first.Updated, first.Unchanged, first.NoEmail, first.FailedToDecrypt, first.Completed));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(db.NewIndex($"old{i}-{run}@example.com"), after[old[i]]);
        }

        Assert.Equal(before[current], after[current]);
        Assert.Null(after[noEmail]);
        Assert.Equal((7L, 0L, 7L), (second.Scanned, second.Updated, second.Unchanged));
        Assert.Equal(after, await db.IndexesAsync());
    }

    [Fact]
    public async Task Run_DryRun_CountsButWritesNothing()
    {
        await using var db = await RotationDatabase.CreateAsync(postgres);
        await db.AddAsync("a@example.com", db.OldIndex("a@example.com"));
        await db.AddAsync("b@example.com", db.NewIndex("b@example.com"));
        var before = await db.IndexesAsync();

        var report = await Reindexer(db).RunAsync(new ReindexOptions { DryRun = true });

        Assert.True(report.DryRun);
        Assert.Equal((2L, 1L, 1L), (report.Scanned, report.Updated, report.Unchanged));
        Assert.Equal(before, await db.IndexesAsync());
    }

    [Fact]
    public async Task Run_CancelledAfterTheFirstPage_KeepsThatPageAndTheNextRunFinishesTheRest()
    {
        await using var db = await RotationDatabase.CreateAsync(postgres);
        var emails = Enumerable.Range(0, 6).Select(i => $"user{i}@example.com").ToList();
        foreach (var email in emails)
        {
            await db.AddAsync(email, db.OldIndex(email));
        }

        using var cancel = new CancellationTokenSource();
        var pages = 0;
        var progress = new InlineProgress(_ =>
        {
            // Stop the run as a Ctrl-C would: right after the first page committed.
            if (++pages == 1)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reindexer(db).RunAsync(new ReindexOptions { BatchSize = 2 }, progress, cancel.Token));
        var midway = await db.IndexesAsync();
        var resumed = await Reindexer(db).RunAsync(new ReindexOptions { BatchSize = 2 });

        Assert.Equal(2, midway.Values.Count(index => emails.Any(e => db.NewIndex(e) == index)));
        Assert.Equal((6L, 4L, 2L, true), (resumed.Scanned, resumed.Updated, resumed.Unchanged, resumed.Completed));
        var final = await db.IndexesAsync();
        Assert.Equal(emails.Select(db.NewIndex).Order(), final.Values.Order());
    }

    [Fact]
    public async Task Run_MaxRows_StopsThereNotCompletedAndALaterRunContinues()
    {
        await using var db = await RotationDatabase.CreateAsync(postgres);
        for (var i = 0; i < 5; i++)
        {
            await db.AddAsync($"m{i}@example.com", db.OldIndex($"m{i}@example.com"));
        }

        var partial = await Reindexer(db).RunAsync(new ReindexOptions { BatchSize = 2, MaxRows = 3 });
        var rest = await Reindexer(db).RunAsync(new ReindexOptions { BatchSize = 2 });

        Assert.Equal((3L, 3L, false), (partial.Scanned, partial.Updated, partial.Completed));
        Assert.Equal((5L, 2L, 3L, true), (rest.Scanned, rest.Updated, rest.Unchanged, rest.Completed));
    }

    [Fact]
    public async Task Run_RowThatDoesNotDecrypt_IsReportedLeftAsItWasAndTheOthersAreUpdated()
    {
        await using var db = await RotationDatabase.CreateAsync(postgres);
        var first = await db.AddAsync("first@example.com", db.OldIndex("first@example.com"));
        var broken = await db.AddUndecryptableAsync("beef");
        var last = await db.AddAsync("last@example.com", db.OldIndex("last@example.com"));
        var logger = new CapturingLogger<BlindIndexReindexer>();

        var report = await new BlindIndexReindexer(db.Database.Owner, db.Encryptor, db.NewIndexer, logger).RunAsync(new ReindexOptions { BatchSize = 2 });
        var indexes = await db.IndexesAsync();

        Assert.Equal((3L, 2L, 1L), (report.Scanned, report.Updated, report.FailedToDecrypt));
        var failure = Assert.Single(report.Failures);
        Assert.Equal(broken, failure.RecordId);
        Assert.False(string.IsNullOrEmpty(failure.Reason));
        Assert.Equal("beef", indexes[broken]);
        Assert.Equal(db.NewIndex("first@example.com"), indexes[first]);
        Assert.Equal(db.NewIndex("last@example.com"), indexes[last]);
        Assert.Contains(logger.Entries, e => e.Message.Contains(broken.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_Anything_LeavesNoPlaintextInTheTableOrTheLog()
    {
        await using var db = await RotationDatabase.CreateAsync(postgres);
        var email = $"secret-{Guid.NewGuid():N}@example.com";
        await db.AddAsync(email, db.OldIndex(email), name: "Augusta Ada King");
        await db.AddUndecryptableAsync(null);
        var logger = new CapturingLogger<BlindIndexReindexer>();

        await new BlindIndexReindexer(db.Database.Owner, db.Encryptor, db.NewIndexer, logger).RunAsync(new ReindexOptions());

        Assert.False(await db.HoldsPlaintextAsync(email));
        Assert.False(await db.HoldsPlaintextAsync("Augusta Ada King"));
        Assert.NotEmpty(logger.Entries);
        Assert.All(logger.Entries, e => Assert.DoesNotContain("secret-", e.Message, StringComparison.Ordinal));
        Assert.All(logger.Entries, e => Assert.DoesNotContain("Augusta", e.Message, StringComparison.Ordinal));
    }

    private static BlindIndexReindexer Reindexer(RotationDatabase db) =>
        new(db.Database.Owner, db.Encryptor, db.NewIndexer, Microsoft.Extensions.Logging.Abstractions.NullLogger<BlindIndexReindexer>.Instance);

    /// <summary>Calls back on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress(Action<ReindexReport> report) : IProgress<ReindexReport>
    {
        public void Report(ReindexReport value) => report(value);
    }
}
