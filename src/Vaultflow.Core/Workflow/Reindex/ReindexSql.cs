using Npgsql;

namespace Vaultflow.Core.Workflow.Reindex;

/// <summary>The re-index's statements: keyset pages by id (the primary key), one UPDATE per page.</summary>
internal static class ReindexSql
{
    public const string FirstPage = """
        SELECT id, idempotency_key, ciphertext, blind_index
        FROM records
        ORDER BY id
        LIMIT @limit
        """;

    public const string NextPage = """
        SELECT id, idempotency_key, ciphertext, blind_index
        FROM records
        WHERE id > @after
        ORDER BY id
        LIMIT @limit
        """;

    /// <summary>
    /// One page's changes in one statement (one transaction). A row is written only while it still holds
    /// the index it was read with, so a concurrent run, or a row changed since the read, is never overwritten.
    /// </summary>
    public const string Update = """
        UPDATE records AS r
        SET blind_index = c.new_index
        FROM unnest(@ids, @old_indexes, @new_indexes) AS c(id, old_index, new_index)
        WHERE r.id = c.id AND r.blind_index IS NOT DISTINCT FROM c.old_index
        """;

    /// <summary>A row as the re-index reads it.</summary>
    public static PageRow Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetFieldValue<byte[]>(2),
        reader.IsDBNull(3) ? null : reader.GetString(3));

    internal sealed record PageRow(Guid Id, string IdempotencyKey, byte[] Ciphertext, string? BlindIndex);
}
