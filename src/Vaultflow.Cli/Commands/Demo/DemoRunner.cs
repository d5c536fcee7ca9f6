using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Vaultflow.Aws.Replay;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Workflow.Reader;

namespace Vaultflow.Cli.Commands.Demo;

/// <summary>The options of <c>vaultflow demo</c>.</summary>
internal sealed record DemoOptions(bool Json, bool KeepRunning, TimeSpan Timeout, string EventsDirectory);

/// <summary>Sends the samples, waits for their outcomes, replays the DLQ once, decrypts one record.</summary>
internal sealed class DemoRunner(StackConfiguration stack, DemoOptions options, CommandOutput output)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async Task<DemoResult> RunAsync(CancellationToken cancellationToken)
    {
        var settings = stack.Settings;
        var ingest = stack.Require(SettingNames.IngestQueueUrl, settings.IngestQueueUrl, "the ingest queue URL");
        var dlq = stack.Require(SettingNames.DlqUrl, settings.DlqUrl, "the DLQ URL");
        var machine = stack.Require(SettingNames.StateMachineArn, settings.StateMachineArn, "the state machine ARN");
        var connection = stack.Require(SettingNames.Database, settings.DatabaseConnectionString, "the database connection string");
        var runId = DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        var samples = DemoSamples.Load(options.EventsDirectory, runId, settings.MaxReplays, out var skipped);

        using var sqs = AwsClients.Sqs(stack);
        using var sfn = AwsClients.StepFunctions(stack);
        await using var database = VaultflowDatabase.CreateDataSource(new VaultflowDatabaseOptions(connection) { ApplicationName = "vaultflow-demo" });
        var observer = new DemoObserver(database, sqs, sfn, ingest, dlq);

        Progress($"sending {samples.Count} samples (run {runId}; {skipped.Count} poison file(s) SQS cannot carry are skipped: {string.Join(", ", skipped)})");
        var sent = new List<SentSample>(samples.Count);
        foreach (var sample in samples)
        {
            sent.Add(await SendAsync(sample, sqs, sfn, ingest, dlq, machine, cancellationToken).ConfigureAwait(false));
        }

        Progress("waiting for every message to reach an outcome (records, DLQ, execution status)");
        var outcomes = await WaitAsync(observer, sent, cancellationToken).ConfigureAwait(false);

        var poison = sent.Where(s => s.Sample.Expected == DemoExpectation.DeadLetter && s.Sample.Channel == DemoChannel.Queue).ToList();
        var parked = sent.Where(s => s.Sample.Channel == DemoChannel.DeadLetterQueue).ToList();
        if (outcomes.Any(o => !o.Settled))
        {
            // No point replaying or reading back: the result already says which message is missing.
            return new DemoResult(runId, outcomes, skipped, new ReplayReport(false, [], [], [], 0, false, false), [], poison.Count, settings.MaxReplays, null)
            {
                Parked = [.. parked.Select(p => new ParkedAtLimit(p, null))],
            };
        }

        Progress("replaying the DLQ once (vaultflow replay): poison fails again and comes back with vf-replay-count 1; the letter at the replay limit is refused by the recursion guard");
        var replay = await new DlqReplayer(sqs).RunAsync(
            new ReplayOptions
            {
                DlqUrl = dlq,
                IngestQueueUrl = ingest,
                Guard = new RecursionGuardOptions { MaxReplays = settings.MaxReplays, MaxHops = settings.MaxHops },
            },
            cancellationToken).ConfigureAwait(false);
        var returned = await WaitReturnedAsync(observer, poison, cancellationToken).ConfigureAwait(false);

        var decrypted = await DecryptOneAsync(outcomes, cancellationToken).ConfigureAwait(false);
        return new DemoResult(runId, outcomes, skipped, replay, returned, poison.Count, settings.MaxReplays, decrypted)
        {
            Parked = [.. parked.Select(p => new ParkedAtLimit(p, replay.Refused.FirstOrDefault(r => r.DlqMessageId == p.DlqMessageId)))],
        };
    }

    private async Task<SentSample> SendAsync(DemoSample sample, IAmazonSQS sqs, StepFunctionsClient sfn, string ingest, string dlq, string machine, CancellationToken cancellationToken)
    {
        if (sample.Channel == DemoChannel.DeadLetterQueue)
        {
            // As RouteFailure parks a message: the body unchanged, the vf-* attributes set; the origin id is how the observer finds it.
            var attributes = sample.Attributes!.ToDictionary(a => a.Key, a => new MessageAttributeValue { DataType = "String", StringValue = a.Value }, StringComparer.Ordinal);
            var letter = await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = dlq, MessageBody = sample.Body, MessageAttributes = attributes }, cancellationToken).ConfigureAwait(false);
            var origin = sample.Attributes![MessageAttributeNames.OriginId];
            return new SentSample(sample, origin, sample.Key!, ExecutionName.For(sample.Key!, 0), null, letter.MessageId);
        }

        if (sample.Channel == DemoChannel.Console)
        {
            // As the console does: a name of one's choosing and {"message": ...} as the input.
            var name = ExecutionName.For(sample.Key!, 0);
            var started = await sfn.StartExecutionAsync(new StartExecutionRequest(machine, name, sample.Body), cancellationToken).ConfigureAwait(false);
            return new SentSample(sample, started.ExecutionArn, sample.Key!, name, started.ExecutionArn);
        }

        var response = await sqs.SendMessageAsync(new SendMessageRequest(ingest, sample.Body), cancellationToken).ConfigureAwait(false);
        var key = sample.Key ?? response.MessageId;
        return new SentSample(sample, response.MessageId, key, ExecutionName.For(key, 0), null);
    }

    private async Task<IReadOnlyList<DemoOutcome>> WaitAsync(DemoObserver observer, IReadOnlyList<SentSample> sent, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.Timeout;
        while (true)
        {
            var (outcomes, drained) = await observer.ObserveAsync(sent, cancellationToken).ConfigureAwait(false);
            if ((outcomes.All(o => o.Settled) && drained) || DateTimeOffset.UtcNow > deadline)
            {
                return outcomes;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<ReplayedPoison>> WaitReturnedAsync(DemoObserver observer, IReadOnlyList<SentSample> poison, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.Timeout;
        while (true)
        {
            var letters = await observer.DeadLettersAsync(cancellationToken).ConfigureAwait(false);
            var back = poison
                .Where(p => letters.TryGetValue(p.Id, out var e) && e.ReplayCount is not null and not "0")
                .Select(p => new ReplayedPoison(p, letters[p.Id].Reason, letters[p.Id].ReplayCount!, letters[p.Id].Hops ?? "0"))
                .ToList();
            if (back.Count == poison.Count || DateTimeOffset.UtcNow > deadline)
            {
                return back;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first persisted record with a search e-mail, read through <c>vaultflow get</c>'s path.</summary>
    private async Task<RecordView?> DecryptOneAsync(IReadOnlyList<DemoOutcome> outcomes, CancellationToken cancellationToken)
    {
        var pick = outcomes.FirstOrDefault(o => o.Outcome == DemoOutcome.Persisted && o.RecordId is not null && o.Sent.Sample.Body.Contains("\"email\"", StringComparison.Ordinal))
            ?? outcomes.FirstOrDefault(o => o.Outcome == DemoOutcome.Persisted && o.RecordId is not null);
        if (pick is null)
        {
            return null;
        }

        await using var factory = new RecordReaderFactory();
        var reader = factory.Create(stack, needSearch: false);
        var result = await reader.GetAsync(new GetRecordRequest { Id = pick.RecordId!.Value.ToString() }, cancellationToken).ConfigureAwait(false);
        return result.Found ? result.Records[0] : null;
    }

    private void Progress(string text)
    {
        if (!options.Json)
        {
            output.Error.WriteLine(text);
        }
    }
}

/// <summary>Everything the demo saw.</summary>
internal sealed record DemoResult(
    string RunId,
    IReadOnlyList<DemoOutcome> Outcomes,
    IReadOnlyList<string> Skipped,
    ReplayReport Replay,
    IReadOnlyList<ReplayedPoison> Returned,
    int PoisonCount,
    int MaxReplays,
    RecordView? Decrypted)
{
    /// <summary>The samples parked in the DLQ at the replay limit, with the replay's refusal of each.</summary>
    public IReadOnlyList<ParkedAtLimit> Parked { get; init; } = [];

    /// <summary>Null when every outcome matches; otherwise the one-line cause.</summary>
    public string? Cause
    {
        get
        {
            var pending = Outcomes.Where(o => !o.Settled).ToList();
            if (pending.Count > 0)
            {
                return $"{pending.Count} message(s) had no outcome before the deadline (first: {pending[0].Sent.Sample.Source}): see the stack's log, or raise --timeout";
            }

            var wrong = Outcomes.Where(o => !o.Matches).ToList();
            if (wrong.Count > 0)
            {
                var w = wrong[0];
                return $"{wrong.Count} outcome(s) differ from the samples' expectations (first: {w.Sent.Sample.Source} ended as {w.Outcome}{(w.Reason is null ? string.Empty : " " + w.Reason)}, expected {Expected(w.Sent.Sample)})";
            }

            if (Replay.HasFailures)
            {
                return $"the DLQ replay failed for {Replay.Failed.Count} message(s): {Replay.Failed[0].Error}";
            }

            if (Parked.FirstOrDefault(p => !p.RefusedByGuard) is { } allowed)
            {
                return $"{allowed.Sent.Sample.Source} was parked at the replay limit ({MaxReplays}), but the replay {(allowed.Refusal is { } r ? "refused it as " + r.RefusalReason : "did not refuse it")}: the recursion guard must refuse it (recursion-guard)";
            }

            if (Returned.Count != PoisonCount)
            {
                return $"{PoisonCount - Returned.Count} replayed poison message(s) did not come back to the DLQ before the deadline";
            }

            return Decrypted is null ? "no record could be read back and decrypted" : null;
        }
    }

    public static string Expected(DemoSample sample) => sample.Expected switch
    {
        DemoExpectation.DeadLetter => "dlq " + sample.ExpectedReason,
        _ when sample.Group is not null => "one persisted per key, the rest duplicates",
        _ => "persisted",
    };
}
