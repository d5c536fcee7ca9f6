using System.Security.Cryptography;
using System.Text;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Crypto.Keyrings;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Workflow.Steps;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Storage;

namespace Vaultflow.IntegrationTests.Reindex;

/// <summary>
/// A migrated database of its own (the re-index scans the whole table, so it must not see other tests'
/// rows), the raw keyring the CLI reads as local.json's rawKey, and an old and a new blind-index key.
/// Records are written the way Encrypt + Persist write them, through the app role.
/// </summary>
internal sealed class RotationDatabase : IAsyncDisposable
{
    private readonly RawAesKeyring _keyring;

    private RotationDatabase(TestDatabase database)
    {
        Database = database;
        _keyring = new RawAesKeyring(RecordEncryption.RawKeyName, RawKey);
        Encryptor = new EnvelopeEncryptor(new CachingDataKeyProvider(_keyring, DataKeyCacheOptions.Disabled), RecordEncryption.Context("vaultflow"));
        OldIndexer = new BlindIndexer(OldKey);
        NewIndexer = new BlindIndexer(NewKey);
    }

    public TestDatabase Database { get; }

    public byte[] RawKey { get; } = RandomNumberGenerator.GetBytes(32);

    public byte[] OldKey { get; } = RandomNumberGenerator.GetBytes(32);

    public byte[] NewKey { get; } = RandomNumberGenerator.GetBytes(32);

    public EnvelopeEncryptor Encryptor { get; }

    public BlindIndexer OldIndexer { get; }

    public BlindIndexer NewIndexer { get; }

    public static async Task<RotationDatabase> CreateAsync(PostgresFixture postgres)
    {
        var database = await postgres.CreateScratchDatabaseAsync();
        await postgres.CreateMigrationRunner(database.Owner).RunAsync();
        return new RotationDatabase(database);
    }

    public string OldIndex(string email) => OldIndexer.Compute(EncryptStep.EmailField, email);

    public string NewIndex(string email) => NewIndexer.Compute(EncryptStep.EmailField, email);

    /// <summary>A record of <paramref name="email"/> (none when null) whose stored index is <paramref name="blindIndex"/>.</summary>
    public async Task<Guid> AddAsync(string? email, string? blindIndex, string name = "Ada Lovelace")
    {
        var id = Guid.CreateVersion7();
        var key = TestRecords.NewKey();
        var search = email is null ? string.Empty : $$$""","search":{"email":"{{{email}}}"}""";
        var message = $$$"""{"type":"customer.created","key":"{{{key}}}","data":{"name":"{{{name}}}"}{{{search}}}}""";
        var ciphertext = await Encryptor.EncryptAsync(Encoding.UTF8.GetBytes(message), new RecordBinding(id, key), new EncryptOptions(), CancellationToken.None);
        await TestRecords.Store(Database.App).PersistAsync(new NewRecord(id, key, "customer.created", ciphertext, _keyring.KeyId, blindIndex, "msg-" + id.ToString("N")[..8], null));
        return id;
    }

    /// <summary>A row whose ciphertext does not decrypt (random bytes), stored under <paramref name="blindIndex"/>.</summary>
    public async Task<Guid> AddUndecryptableAsync(string? blindIndex)
    {
        var record = TestRecords.New(blindIndex: blindIndex);
        await TestRecords.Store(Database.App).PersistAsync(record);
        return record.Id;
    }

    /// <summary>Every row's id and stored blind index, read as the owner.</summary>
    public async Task<Dictionary<Guid, string?>> IndexesAsync()
    {
        await using var command = Database.Owner.CreateCommand("SELECT id, blind_index FROM records");
        await using var reader = await command.ExecuteReaderAsync();
        var indexes = new Dictionary<Guid, string?>();
        while (await reader.ReadAsync())
        {
            indexes[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return indexes;
    }

    /// <summary>True when any column of any row holds <paramref name="needle"/>: as text (case-insensitive), or its UTF-8 bytes inside the ciphertext.</summary>
    public async Task<bool> HoldsPlaintextAsync(string needle)
    {
        var bytes = Encoding.UTF8.GetBytes(needle);
        await using var command = Database.Owner.CreateCommand("SELECT r::text, ciphertext FROM records r");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (reader.GetString(0).Contains(needle, StringComparison.OrdinalIgnoreCase) || reader.GetFieldValue<byte[]>(1).AsSpan().IndexOf(bytes) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        OldIndexer.Dispose();
        NewIndexer.Dispose();
        _keyring.Dispose();
        await Database.DisposeAsync();
    }
}
