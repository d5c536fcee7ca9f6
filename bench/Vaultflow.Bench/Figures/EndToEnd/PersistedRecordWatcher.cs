using Npgsql;
using NpgsqlTypes;

namespace Vaultflow.Bench.Figures.EndToEnd;

/// <summary>Polls the stack's database until records with the given source message ids exist, with a bounded deadline.</summary>
internal static class PersistedRecordWatcher
{
    /// <returns>created_at per source message id found before the deadline.</returns>
    public static async Task<Dictionary<string, DateTimeOffset>> WaitAsync(NpgsqlDataSource database, IReadOnlyCollection<string> messageIds, TimeSpan timeout)
    {
        var found = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + timeout;
        while (found.Count < messageIds.Count && DateTime.UtcNow < deadline)
        {
            await using (var command = database.CreateCommand("SELECT source_message_id, created_at FROM records WHERE source_message_id = ANY(@ids)"))
            {
                command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. messageIds.Where(id => !found.ContainsKey(id))] });
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    found[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
                }
            }

            if (found.Count < messageIds.Count)
            {
                await Task.Delay(100);
            }
        }

        return found;
    }
}
