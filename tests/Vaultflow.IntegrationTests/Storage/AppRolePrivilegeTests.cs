using Npgsql;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Storage;

/// <summary>The app role (what the functions log in as) can read and write rows, never destroy data.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AppRolePrivilegeTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("DROP TABLE records")]
    [InlineData("DROP TABLE idempotency_steps")]
    [InlineData("TRUNCATE records")]
    [InlineData("TRUNCATE idempotency_steps, failures")]
    [InlineData("DELETE FROM records")]
    [InlineData("DELETE FROM idempotency_steps")]
    [InlineData("UPDATE records SET key_id = 'other'")]
    [InlineData("ALTER TABLE records ADD COLUMN extra text")]
    [InlineData("CREATE TABLE public.sneaky (id int)")]
    [InlineData("DELETE FROM schema_migrations")]
    [InlineData("DROP TABLE failures")]
    [InlineData("TRUNCATE failures")]
    [InlineData("ALTER TABLE idempotency_steps DROP CONSTRAINT idempotency_steps_status_known")]
    [InlineData("ALTER TABLE records OWNER TO CURRENT_USER")]
    [InlineData("DROP INDEX records_blind_index_idx")]
    [InlineData("CREATE INDEX sneaky_idx ON records (key_id)")]
    [InlineData("CREATE SCHEMA sneaky")]
    [InlineData("CREATE FUNCTION public.sneaky() RETURNS int LANGUAGE sql AS 'SELECT 1'")]
    [InlineData("CREATE VIEW public.sneaky AS SELECT 1")]
    [InlineData("CREATE ROLE sneaky")]
    [InlineData("ALTER ROLE CURRENT_USER SUPERUSER")]
    [InlineData("SET SESSION AUTHORIZATION postgres")]
    [InlineData("UPDATE failures SET reason = 'x'")]
    [InlineData("DELETE FROM failures")]
    [InlineData("COPY records TO PROGRAM 'cat'")]
    [InlineData("SELECT pg_read_file('postgresql.conf')")]
    public async Task AppRole_DestructiveStatement_IsDeniedWith42501(string sql)
    {
        await using var command = postgres.App.CreateCommand(sql);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task AppRole_Privileges_AreExactlyTheGrantedOnes()
    {
        const string Sql = """
            SELECT table_name || ':' || string_agg(privilege_type, ',' ORDER BY privilege_type)
            FROM information_schema.role_table_grants
            WHERE grantee = @role AND table_schema = 'public'
            GROUP BY table_name
            ORDER BY table_name
            """;
        await using var command = postgres.Owner.CreateCommand(Sql);
        command.Parameters.AddWithValue("role", postgres.Config.AppUser);
        var grants = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                grants.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            ["failures:INSERT,SELECT", "idempotency_steps:INSERT,SELECT,UPDATE", "records:INSERT,SELECT"],
            grants);
    }
}
