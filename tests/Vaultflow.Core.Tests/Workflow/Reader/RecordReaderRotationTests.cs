using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Tests.Crypto.Fakes;
using Vaultflow.Core.Workflow.Reader;
using Vaultflow.Core.Workflow.Steps;

namespace Vaultflow.Core.Tests.Workflow.Reader;

/// <summary>Searching during a key rotation: the union of the candidates under both keys, each confirmed by decryption.</summary>
public sealed class RecordReaderRotationTests : IDisposable
{
    private const string Ada = "ada@example.com";
    private readonly BlindIndexer _newKey = new(TestKeys.Key(0x61));
    private readonly BlindIndexer _oldKey = new(TestKeys.Key(0x62));
    private readonly EnvelopeEncryptor _encryptor = new(new CachingDataKeyProvider(TestKeys.Keyring(), DataKeyCacheOptions.Disabled), TestKeys.Context());
    private readonly InMemoryRecords _store = new();

    [Fact]
    public async Task Search_DuringRotation_FindsRowsUnderEitherKeyAndNeverACollisionWithAnotherEmail()
    {
        var underOld = await AddAsync(Ada, _oldKey.Compute(EncryptStep.EmailField, Ada));
        var underNew = await AddAsync(" ADA@example.com", _newKey.Compute(EncryptStep.EmailField, Ada));

        // Another address that happens to share Ada's old index (a truncated index collides by design).
        var collision = await AddAsync("grace@example.com", _oldKey.Compute(EncryptStep.EmailField, Ada));
        using var keys = new BlindIndexKeySet(new BlindIndexer(TestKeys.Key(0x61)), new BlindIndexer(TestKeys.Key(0x62)));
        var reader = new RecordReader(_store, _encryptor, keys, NullLogger<RecordReader>.Instance);

        var result = await reader.GetAsync(new GetRecordRequest { Search = new RecordSearch { Email = Ada } }, CancellationToken.None);

        Assert.True(result.Found);
        Assert.Equal(new[] { underOld, underNew }.Order(), result.Records.Select(r => r.RecordId).Order());
        Assert.DoesNotContain(collision, result.Records.Select(r => r.RecordId));
        Assert.Equal(2, _store.Lookups.Count);
    }

    [Fact]
    public async Task Search_CurrentKeyOnly_MissesRowsStillUnderTheOldKey()
    {
        await AddAsync(Ada, _oldKey.Compute(EncryptStep.EmailField, Ada));
        using var keys = new BlindIndexKeySet(new BlindIndexer(TestKeys.Key(0x61)));
        var reader = new RecordReader(_store, _encryptor, keys, NullLogger<RecordReader>.Instance);

        var result = await reader.GetAsync(new GetRecordRequest { Search = new RecordSearch { Email = Ada } }, CancellationToken.None);

        Assert.False(result.Found);
        Assert.Single(_store.Lookups);
    }

    [Fact]
    public async Task Search_CurrentIndexFullOfCollisions_StillFindsTheRowUnderThePreviousKey()
    {
        for (var i = 0; i < RecordReader.MaxCandidates; i++)
        {
            await AddAsync($"other{i}@example.com", _newKey.Compute(EncryptStep.EmailField, Ada));
        }

        var underOld = await AddAsync(Ada, _oldKey.Compute(EncryptStep.EmailField, Ada));
        using var keys = new BlindIndexKeySet(new BlindIndexer(TestKeys.Key(0x61)), new BlindIndexer(TestKeys.Key(0x62)));
        var reader = new RecordReader(_store, _encryptor, keys, NullLogger<RecordReader>.Instance);

        var result = await reader.GetAsync(new GetRecordRequest { Search = new RecordSearch { Email = Ada } }, CancellationToken.None);

        Assert.Equal(underOld, Assert.Single(result.Records).RecordId);
    }

    [Fact]
    public async Task Search_SameRowUnderBothIndexes_IsReturnedOnce()
    {
        // Not a real state (a row has one index), but the union must deduplicate by id whatever the store returns.
        var id = await AddAsync(Ada, _oldKey.Compute(EncryptStep.EmailField, Ada));
        _store.Alias(id, _newKey.Compute(EncryptStep.EmailField, Ada));
        using var keys = new BlindIndexKeySet(new BlindIndexer(TestKeys.Key(0x61)), new BlindIndexer(TestKeys.Key(0x62)));
        var reader = new RecordReader(_store, _encryptor, keys, NullLogger<RecordReader>.Instance);

        var result = await reader.GetAsync(new GetRecordRequest { Search = new RecordSearch { Email = Ada } }, CancellationToken.None);

        Assert.Equal(id, Assert.Single(result.Records).RecordId);
    }

    public void Dispose()
    {
        _newKey.Dispose();
        _oldKey.Dispose();
    }

    private async Task<Guid> AddAsync(string email, string blindIndex)
    {
        var id = Guid.CreateVersion7();
        var key = "key-" + id.ToString("N");
        var message = $$$"""{"type":"customer.created","data":{"n":1},"search":{"email":"{{{email}}}"}}""";
        var ciphertext = await _encryptor.EncryptAsync(Encoding.UTF8.GetBytes(message), new RecordBinding(id, key), new EncryptOptions(), CancellationToken.None);
        _store.Add(new StoredRecord(id, key, "customer.created", ciphertext, "test", blindIndex, null, null, DateTimeOffset.UtcNow));
        return id;
    }

    /// <summary>Records in memory, looked up by their stored blind index (no I/O).</summary>
    private sealed class InMemoryRecords : IRecordStore
    {
        private readonly List<StoredRecord> _records = [];
        private readonly List<(Guid Id, string Index)> _aliases = [];

        public List<string> Lookups { get; } = [];

        public void Add(StoredRecord record) => _records.Add(record);

        public void Alias(Guid id, string index) => _aliases.Add((id, index));

        public Task<IReadOnlyList<StoredRecord>> FindByBlindIndexAsync(string blindIndex, int limit = 100, CancellationToken cancellationToken = default)
        {
            Lookups.Add(blindIndex);
            var found = _records
                .Where(r => r.BlindIndex == blindIndex || _aliases.Contains((r.Id, blindIndex)))
                .Take(limit)
                .ToList();
            return Task.FromResult<IReadOnlyList<StoredRecord>>(found);
        }

        public Task<StoredRecord?> GetByIdAsync(Guid id, CancellationToken cancellationToken = default) =>
            Task.FromResult(_records.FirstOrDefault(r => r.Id == id));

        public Task<PersistResult> PersistAsync(NewRecord record, LedgerCompletion? completion = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The reader never writes.");

        public Task<PersistResult?> ClaimAndPersistAsync(NewRecord record, LedgerCompletion completion, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The reader never writes.");

        public Task<long> RecordFailureAsync(NewFailure failure, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The reader never writes.");
    }
}
