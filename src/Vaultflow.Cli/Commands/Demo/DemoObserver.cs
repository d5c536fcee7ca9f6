using Amazon.SQS;
using Npgsql;
using Vaultflow.Aws.Replay;
using Vaultflow.Aws.StepFunctions;

namespace Vaultflow.Cli.Commands.Demo;

/// <summary>
/// Looks at where the samples went: rows in records (by idempotency key), the DLQ (peeked, nothing consumed,
/// matched by vf-origin-id), the console execution's status and whether the ingest queue has drained.
/// </summary>
internal sealed class DemoObserver(NpgsqlDataSource database, IAmazonSQS sqs, StepFunctionsClient stepFunctions, string ingestQueueUrl, string dlqUrl)
{
    /// <summary>One look at every sample; duplicates are judged per key group.</summary>
    public async Task<(IReadOnlyList<DemoOutcome> Outcomes, bool Drained)> ObserveAsync(IReadOnlyList<SentSample> sent, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync([.. sent.Select(s => s.Key).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
        var dlq = await DeadLettersAsync(cancellationToken).ConfigureAwait(false);
        var outcomes = new List<DemoOutcome>(sent.Count);
        foreach (var s in sent)
        {
            outcomes.Add(await JudgeAsync(s, rows, dlq, cancellationToken).ConfigureAwait(false));
        }

        outcomes = [.. outcomes.Select(o => o with { Matches = Matches(o, outcomes) })];
        var attributes = await sqs.GetQueueAttributesAsync(ingestQueueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], cancellationToken).ConfigureAwait(false);
        return (outcomes, attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible == 0);
    }

    /// <summary>The DLQ entries whose vf-origin-id is one of the samples' message ids.</summary>
    public async Task<IReadOnlyDictionary<string, DlqEntry>> DeadLettersAsync(CancellationToken cancellationToken)
    {
        var summary = await new DlqInspector(sqs).ScanAsync(dlqUrl, maxReceives: 100, cancellationToken: cancellationToken).ConfigureAwait(false);
        var byOrigin = new Dictionary<string, DlqEntry>(StringComparer.Ordinal);
        foreach (var entry in summary.Messages.Where(e => e.OriginId is not null).OrderBy(e => e.SentAt))
        {
            // The newest letter of an origin wins: after a replay, the copy that came back.
            byOrigin[entry.OriginId!] = entry;
        }

        return byOrigin;
    }

    private static bool Matches(DemoOutcome outcome, List<DemoOutcome> all)
    {
        var sample = outcome.Sent.Sample;
        if (sample.Group is { } group)
        {
            var members = all.Where(o => o.Sent.Sample.Group == group).ToList();
            return members.Count(o => o.Outcome == DemoOutcome.Persisted) == 1
                && members.All(o => o.Outcome is DemoOutcome.Persisted or DemoOutcome.Duplicate);
        }

        return sample.Expected switch
        {
            DemoExpectation.DeadLetter => outcome.Outcome == DemoOutcome.DeadLetter && outcome.Reason == sample.ExpectedReason,
            _ => outcome.Outcome == DemoOutcome.Persisted,
        };
    }

    private async Task<DemoOutcome> JudgeAsync(SentSample s, Dictionary<string, (Guid Id, string? SourceMessageId, string? ExecutionName)> rows, IReadOnlyDictionary<string, DlqEntry> dlq, CancellationToken cancellationToken)
    {
        if (s.ExecutionArn is { } arn)
        {
            var execution = await stepFunctions.DescribeExecutionAsync(arn, cancellationToken).ConfigureAwait(false);
            return execution.Status switch
            {
                "SUCCEEDED" when rows.TryGetValue(s.Key, out var row) => new DemoOutcome(s, DemoOutcome.Persisted, null, s.ExecutionName, row.Id, false),
                "RUNNING" or "SUCCEEDED" => new DemoOutcome(s, DemoOutcome.Pending, null, s.ExecutionName, null, false),
                _ => new DemoOutcome(s, DemoOutcome.Failed, $"{execution.Status}: {execution.Error}", s.ExecutionName, null, false),
            };
        }

        if (dlq.TryGetValue(s.Id, out var letter))
        {
            return new DemoOutcome(s, DemoOutcome.DeadLetter, letter.Reason, null, null, false);
        }

        if (rows.TryGetValue(s.Key, out var record))
        {
            var outcome = record.SourceMessageId == s.Id ? DemoOutcome.Persisted : DemoOutcome.Duplicate;
            return new DemoOutcome(s, outcome, null, record.ExecutionName, record.Id, false);
        }

        return new DemoOutcome(s, DemoOutcome.Pending, null, null, null, false);
    }

    private async Task<Dictionary<string, (Guid Id, string? SourceMessageId, string? ExecutionName)>> RowsAsync(string[] keys, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT idempotency_key, id, source_message_id, execution_name FROM records WHERE idempotency_key = ANY(@keys)");
        command.Parameters.AddWithValue("keys", keys);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new Dictionary<string, (Guid, string?, string?)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows[reader.GetString(0)] = (reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }

        return rows;
    }
}
