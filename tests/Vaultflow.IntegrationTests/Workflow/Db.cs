using Npgsql;

namespace Vaultflow.IntegrationTests.Workflow;

/// <summary>Inspection queries for the workflow tests (owner role).</summary>
internal static class Db
{
    public static async Task<long> CountAsync(NpgsqlDataSource owner, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = owner.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<long> RecordsWithKeyAsync(NpgsqlDataSource owner, string key) =>
        CountAsync(owner, "SELECT count(*) FROM records WHERE idempotency_key = @k", ("k", key));

    public static async Task<int> AttemptsAsync(NpgsqlDataSource owner, string key, string step)
    {
        await using var command = owner.CreateCommand("SELECT attempts FROM idempotency_steps WHERE idempotency_key = @k AND step = @s");
        command.Parameters.AddWithValue("k", key);
        command.Parameters.AddWithValue("s", step);
        return (int)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no ledger row for {key}/{step}"));
    }

    /// <summary>
    /// Every text, json(b) and bytea column of every table in the schema that contains <paramref name="needle"/>
    /// (as text, or as its UTF-8 bytes inside binary columns), as "table.column".
    /// </summary>
    public static async Task<List<string>> ColumnsContainingAsync(NpgsqlDataSource owner, string needle)
    {
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var list = owner.CreateCommand("""
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea')
            """))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var hits = new List<string>();
        foreach (var (table, column, type) in columns)
        {
            // Identifiers come from the catalog, quoted; the needle is a parameter.
            var predicate = type == "bytea"
                ? $"position(convert_to(@needle, 'UTF8') in {Ident(column)}) > 0"
                : $"position(@needle in {Ident(column)}::text) > 0";
            var count = await CountAsync(owner, $"SELECT count(*) FROM {Ident(table)} WHERE {predicate}", ("needle", needle));
            if (count > 0)
            {
                hits.Add($"{table}.{column}");
            }
        }

        return hits;
    }

    private static string Ident(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
