using Npgsql;

namespace Vaultflow.IntegrationTests.Storage;

/// <summary>A ledger row as stored, read with the owner role, for asserting what a write left behind.</summary>
internal sealed record LedgerRow(string Status, string Owner, DateTimeOffset? LeaseExpiresAt, int Attempts, string? ResultJson, string? ErrorType)
{
    public static async Task<LedgerRow?> ReadAsync(NpgsqlDataSource owner, string key, string step)
    {
        await using var command = owner.CreateCommand("""
            SELECT status, owner_request_id, lease_expires_at, attempts, result::text, error_type
            FROM idempotency_steps WHERE idempotency_key = @key AND step = @step
            """);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("step", step);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new LedgerRow(
            reader.GetString(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetInt32(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5));
    }

    /// <summary>The stored result as jsonb normalises it, so a test can compare it with the JSON the store was given.</summary>
    public static async Task<string> AsJsonbTextAsync(NpgsqlDataSource owner, string json)
    {
        await using var command = owner.CreateCommand("SELECT @json::jsonb::text");
        command.Parameters.AddWithValue("json", json);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
