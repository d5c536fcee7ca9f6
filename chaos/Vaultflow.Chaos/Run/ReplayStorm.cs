using Amazon.SQS;
using Vaultflow.Aws.Replay;

namespace Vaultflow.Chaos.Run;

/// <summary>What the replay storm did: per round, moved and refused.</summary>
internal sealed record ReplayStormResult(IReadOnlyList<(int Moved, int Refused, int Failed)> Rounds)
{
    public int Moved => Rounds.Sum(r => r.Moved);

    public int Refused => Rounds.Sum(r => r.Refused);

    public int Failed => Rounds.Sum(r => r.Failed);
}

/// <summary>The DLQ replayed N times in a row (vaultflow replay's DlqReplayer), letting the pipeline settle after each round.</summary>
internal sealed class ReplayStorm(IAmazonSQS sqs, string dlqUrl, string ingestQueueUrl, Settler settler)
{
    public async Task<ReplayStormResult> RunAsync(int rounds, DateTimeOffset deadline, Func<string, Task> say, CancellationToken cancellationToken)
    {
        var replayer = new DlqReplayer(sqs);
        var results = new List<(int, int, int)>();
        for (var round = 1; round <= rounds && DateTimeOffset.UtcNow < deadline; round++)
        {
            var report = await replayer.RunAsync(
                new ReplayOptions { DlqUrl = dlqUrl, IngestQueueUrl = ingestQueueUrl, WaitTimeSeconds = 1, MaxIdleReceives = 2, VisibilityTimeout = TimeSpan.FromSeconds(30) },
                cancellationToken);
            results.Add((report.Moved.Count, report.Refused.Count, report.Failed.Count));
            await say($"replay {round}/{rounds}: moved {report.Moved.Count}, refused by the guard {report.Refused.Count}, failed {report.Failed.Count}");
            var roundDeadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(report.Moved.Count == 0 ? 5 : 120);
            await settler.WaitAsync(roundDeadline < deadline ? roundDeadline : deadline, say, cancellationToken);
        }

        return new ReplayStormResult(results);
    }
}
