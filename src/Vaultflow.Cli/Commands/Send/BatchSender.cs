using System.Globalization;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Vaultflow.Cli.Commands.Send;

/// <summary>The outcome of one message: its SQS message id, or why it was not sent.</summary>
internal sealed record SendOutcome(SendCandidate Candidate, string? MessageId, string? Error)
{
    public bool Sent => MessageId is not null;
}

/// <summary>
/// SendMessageBatch in batches of at most 10 entries and 256 KiB. Entries a batch reports as failed
/// are retried (up to <see cref="MaxAttempts"/> in all) unless SQS says the sender is at fault.
/// </summary>
internal sealed class BatchSender(IAmazonSQS sqs, string queueUrl)
{
    public const int MaxEntries = 10;
    public const int MaxBatchBytes = 262_144;
    private const int MaxAttempts = 3;

    /// <summary>Sends every candidate; <paramref name="progress"/> gets the number done after each batch.</summary>
    public async Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<SendCandidate> candidates, Action<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var outcomes = new List<SendOutcome>(candidates.Count);
        foreach (var batch in Batches(candidates))
        {
            outcomes.AddRange(await SendBatchAsync(batch, cancellationToken).ConfigureAwait(false));
            progress?.Invoke(outcomes.Count);
        }

        return outcomes;
    }

    /// <summary>Groups candidates in order: at most 10 per batch and 256 KiB of bodies.</summary>
    internal static IEnumerable<List<SendCandidate>> Batches(IReadOnlyList<SendCandidate> candidates)
    {
        var batch = new List<SendCandidate>(MaxEntries);
        var bytes = 0;
        foreach (var candidate in candidates)
        {
            var size = Encoding.UTF8.GetByteCount(candidate.Body);
            if (batch.Count == MaxEntries || (batch.Count > 0 && bytes + size > MaxBatchBytes))
            {
                yield return batch;
                batch = new List<SendCandidate>(MaxEntries);
                bytes = 0;
            }

            batch.Add(candidate);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private async Task<List<SendOutcome>> SendBatchAsync(List<SendCandidate> batch, CancellationToken cancellationToken)
    {
        var pending = batch.Select((c, i) => (Id: i.ToString(CultureInfo.InvariantCulture), Candidate: c)).ToDictionary(e => e.Id, e => e.Candidate, StringComparer.Ordinal);
        var done = new Dictionary<string, SendOutcome>(StringComparer.Ordinal);
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var response = await sqs.SendMessageBatchAsync(
                new SendMessageBatchRequest
                {
                    QueueUrl = queueUrl,
                    Entries = [.. pending.Select(p => new SendMessageBatchRequestEntry(p.Key, p.Value.Body))],
                },
                cancellationToken).ConfigureAwait(false);
            foreach (var ok in response.Successful ?? [])
            {
                done[ok.Id] = new SendOutcome(pending[ok.Id], ok.MessageId, null);
                pending.Remove(ok.Id);
            }

            foreach (var failed in response.Failed ?? [])
            {
                if (failed.SenderFault == true || attempt >= MaxAttempts)
                {
                    done[failed.Id] = new SendOutcome(pending[failed.Id], null, $"{failed.Code}: {failed.Message}");
                    pending.Remove(failed.Id);
                }
            }

            if (pending.Count > 0 && attempt >= MaxAttempts)
            {
                foreach (var (id, candidate) in pending)
                {
                    done[id] = new SendOutcome(candidate, null, "SQS reported no result for the entry");
                }

                pending.Clear();
            }

            if (pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }

        return [.. batch.Select((c, i) => done[i.ToString(CultureInfo.InvariantCulture)])];
    }
}
