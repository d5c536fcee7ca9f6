using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;

namespace Vaultflow.Aws.Replay;

/// <summary>What <see cref="DlqReplayer"/> moves and how.</summary>
public sealed record ReplayOptions
{
    public required string DlqUrl { get; init; }

    public required string IngestQueueUrl { get; init; }

    /// <summary>Plan and report, move nothing; every received message is released at once.</summary>
    public bool DryRun { get; init; }

    /// <summary>Only messages whose vf-failure equals this code; the others are released at once.</summary>
    public string? Reason { get; init; }

    /// <summary>At most this many selected messages (moved + refused + failed); null = all.</summary>
    public int? Max { get; init; }

    /// <summary>Sends per second (token bucket, burst 1); null = as fast as SQS answers.</summary>
    public double? RatePerSecond { get; init; }

    /// <summary>A fresh replay budget: counts restart (the copy gets replay 1, hop 1). Logged as a warning per message.</summary>
    public bool Force { get; init; }

    public RecursionGuardOptions Guard { get; init; } = RecursionGuardOptions.Default;

    /// <summary>How long a received message stays hidden while it is being moved.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Long-poll wait per receive; 0 for an immediate answer.</summary>
    public int WaitTimeSeconds { get; init; } = 1;

    /// <summary>Stop after this many receives in a row brought nothing new (the queue is drained or only holds messages already handled).</summary>
    public int MaxIdleReceives { get; init; } = 3;

    /// <summary>Upper bound on receives in one run, so a busy DLQ cannot keep the tool running forever.</summary>
    public int MaxReceives { get; init; } = 10_000;

    /// <summary>
    /// Called after a copy was sent and before the original is deleted. Tests use it to simulate a crash
    /// between the two (the CLI exits the process here when VAULTFLOW_TEST_CRASH_AFTER_SEND=1).
    /// </summary>
    public Func<ReplayMove, CancellationToken, Task>? AfterSend { get; init; }

    /// <summary>Reported after every selected message.</summary>
    public IProgress<ReplayProgress>? Progress { get; init; }

    public void Validate()
    {
        Guard.Validate();
        if (VaultflowSettings.SameQueue(DlqUrl, IngestQueueUrl))
        {
            throw new ConfigurationException(SettingNames.DlqUrl, $"The DLQ and the ingest queue are the same queue ({DlqUrl}): replay would feed the DLQ into itself. Point {SettingNames.DlqUrl} at the dead-letter queue.");
        }

        if (Max is < 1)
        {
            throw new ConfigurationException("--max", $"--max is {Max}; use 1 or more.");
        }

        if (RatePerSecond is <= 0 or > 10_000)
        {
            throw new ConfigurationException("--rate", $"--rate is {RatePerSecond}/s; use a value above 0 and at most 10000.");
        }
    }
}

/// <summary>Progress of a run: selected messages handled so far.</summary>
public sealed record ReplayProgress(int Handled, int Moved, int Refused, int Failed);
