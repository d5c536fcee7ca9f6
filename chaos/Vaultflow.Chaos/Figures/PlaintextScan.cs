using System.Text;
using Npgsql;

namespace Vaultflow.Chaos.Figures;

/// <summary>
/// Looks for the run's plaintext marker (case-insensitive) in every row of every table of the run's
/// database (each row as text, and every bytea column as raw bytes) and in every captured log file.
/// </summary>
internal static class PlaintextScan
{
    public static async Task<IReadOnlyDictionary<string, long>> DatabaseAsync(string ownerConnectionString, string marker, CancellationToken cancellationToken)
    {
        var hits = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync(cancellationToken);
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var command = new NpgsqlCommand(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
            connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var table in columns.Select(c => c.Table).Distinct(StringComparer.Ordinal))
        {
            var bytea = columns.Where(c => c.Table == table && c.Type == "bytea").Select(c => $"position($2 in {Quote(c.Column)}) > 0");
            // Identifiers come from information_schema and are quoted; the marker is a parameter.
            var where = string.Join(" OR ", new[] { $"strpos(lower(t::text), $1) > 0" }.Concat(bytea));
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {Quote(table)} t WHERE {where}", connection);
            count.Parameters.Add(new NpgsqlParameter { Value = marker.ToLowerInvariant() });
            count.Parameters.Add(new NpgsqlParameter { Value = Encoding.UTF8.GetBytes(marker) });
            hits[table] = (long)(await count.ExecuteScalarAsync(cancellationToken) ?? 0L);
        }

        return hits;
    }

    public static IReadOnlyDictionary<string, long> Logs(IEnumerable<string> files, string marker)
    {
        var hits = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in files.Where(File.Exists))
        {
            long lines = 0;
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (line.Contains(marker, StringComparison.OrdinalIgnoreCase))
                {
                    lines++;
                }
            }

            hits[Path.GetFileName(file)] = lines;
        }

        return hits;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
