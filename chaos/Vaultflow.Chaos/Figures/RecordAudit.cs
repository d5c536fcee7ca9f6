using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using Vaultflow.Core.Contract;

namespace Vaultflow.Chaos.Figures;

/// <summary>Every row of <c>records</c>, decrypted through the real GetRecord function, mapped back to the message it holds.</summary>
/// <param name="ForeignRows">Every row without this run's marker: its decrypted message (re-canonicalised, so only content counts)
/// and idempotency key. The corpus's hostile-valid bodies and replayed attribute poison are matched against these; any other is unmatched.</param>
internal sealed record RecordAuditResult(int Rows, IReadOnlyDictionary<int, int> RowsPerMessage, IReadOnlyList<(string Message, string Key)> ForeignRows, int DecryptFailures);

internal static class RecordAudit
{
    public static async Task<RecordAuditResult> RunAsync(string ownerConnectionString, Uri lambdaEndpoint, string marker, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        await using (var connection = new NpgsqlConnection(ownerConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT id FROM records", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        using var http = new HttpClient { BaseAddress = lambdaEndpoint, Timeout = TimeSpan.FromSeconds(30) };
        var perMessage = new ConcurrentDictionary<int, int>();
        var foreign = new ConcurrentBag<(string, string)>();
        var failures = 0;
        var next = -1;
        var prefix = marker + "-";
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ids.Count)
            {
                var (index, row) = await DecryptIndexAsync(http, ids[i], prefix, cancellationToken);
                if (index is null)
                {
                    Interlocked.Increment(ref failures);
                }
                else if (index < 0)
                {
                    foreign.Add(row!.Value);
                }
                else
                {
                    perMessage.AddOrUpdate(index.Value, 1, (_, n) => n + 1);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => WorkerAsync()));
        return new RecordAuditResult(ids.Count, perMessage, [.. foreign], failures);
    }

    /// <summary>The message index in the decrypted data.note; -1 (and the message) when the note is not this run's; null when GetRecord failed.</summary>
    private static async Task<(int? Index, (string Message, string Key)? Row)> DecryptIndexAsync(HttpClient http, Guid id, string prefix, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                using var content = new StringContent($"{{\"id\":\"{id}\"}}", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("2015-03-31/functions/GetRecord/invocations", content, cancellationToken);
                if (!response.IsSuccessStatusCode || response.Headers.Contains("X-Amz-Function-Error"))
                {
                    continue;
                }

                using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                var records = document.RootElement.GetProperty("records");
                if (records.GetArrayLength() != 1)
                {
                    continue;
                }

                var message = records[0].GetProperty("message");
                var note = message.GetProperty("data").TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                return note is not null && note.StartsWith(prefix, StringComparison.Ordinal)
                    && int.TryParse(note.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    ? (index, null)
                    : (-1, (CanonicalJson.SerializeToString(message), records[0].GetProperty("idempotencyKey").GetString()!));
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Retried below; three failures count as a decrypt failure.
            }
        }

        return (null, null);
    }
}
