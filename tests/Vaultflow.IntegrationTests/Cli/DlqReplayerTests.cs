using Vaultflow.Aws.Replay;
using Vaultflow.IntegrationTests.Sqs;

namespace Vaultflow.IntegrationTests.Cli;

/// <summary>The replay library against the real local SQS, without the CLI.</summary>
[Collection(CliCollection.Name)]
public sealed class DlqReplayerTests(LocalSqsFixture sqs)
{
    [Fact]
    public async Task Run_CopyFailsAgainDuringTheRun_IsNotReplayedTwiceInOneRun()
    {
        var dlq = await sqs.CreateQueueAsync("dlq");
        var ingest = await sqs.CreateQueueAsync("ingest");
        await DlqMessages.ParkAsync(sqs, dlq, DlqMessages.Body("again"), "invalid-json", 0, 1, "origin-again");
        var client = sqs.Client;
        var options = new ReplayOptions
        {
            DlqUrl = dlq,
            IngestQueueUrl = ingest,
            WaitTimeSeconds = 0,

            // As the Starter would: the copy is parked again at once, with one more hop and the same origin.
            AfterSend = (move, ct) => DlqMessages.ParkAsync(sqs, dlq, DlqMessages.Body("again"), "invalid-json", move.ReplayCount, move.Hops + 1, "origin-again"),
        };

        var report = await new DlqReplayer(client).RunAsync(options);

        var moved = Assert.Single(report.Moved);
        Assert.Equal(1, moved.ReplayCount);
        Assert.Equal(1, report.Skipped);
        Assert.Single(await sqs.DrainAsync(ingest, expectedAtLeast: 1));
        var parkedAgain = Assert.Single(await sqs.DrainAsync(dlq, expectedAtLeast: 1));
        Assert.Equal("1", DlqMessages.Attr(parkedAgain, "vf-replay-count"));
    }
}
