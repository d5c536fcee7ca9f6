using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Workflow.Steps;

namespace Vaultflow.Core.Workflow.Reader;

/// <summary>
/// Reads records back: by id, or by <c>search.email</c> through the blind index. The blind index is
/// truncated, so every candidate is decrypted and its normalised e-mail compared before it counts as a
/// match. During a key rotation the search looks under the current and the previous key and takes the
/// union of the candidates: rows not yet re-indexed are still found, and the decryption check keeps a
/// row that merely collides under either key out. Unknown ids and unmatched searches give a not-found
/// result, not an exception.
/// </summary>
public sealed class RecordReader
{
    /// <summary>At most this many blind-index candidates per key are decrypted per search (two keys during a rotation).</summary>
    public const int MaxCandidates = 200;

    private readonly IRecordStore _store;
    private readonly EnvelopeEncryptor _encryptor;
    private readonly BlindIndexKeySet? _blindIndexKeys;
    private readonly ILogger _logger;

    /// <param name="blindIndexKeys">The keys searches look under; null where only reads by id happen (a search then fails with a configuration error).</param>
    public RecordReader(IRecordStore store, EnvelopeEncryptor encryptor, BlindIndexKeySet? blindIndexKeys, ILogger<RecordReader> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(encryptor);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _encryptor = encryptor;
        _blindIndexKeys = blindIndexKeys;
        _logger = logger;
    }

    /// <exception cref="InvalidMessageException">The request names neither an id nor a search, or the id is not a UUID.</exception>
    public async Task<GetRecordResult> GetAsync(GetRecordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Id is not null)
        {
            if (!Guid.TryParse(request.Id, out var id))
            {
                throw new InvalidMessageException(
                    InvalidMessageReasons.InvalidField,
                    "GetRecord: $.id is not a UUID. Pass the recordId a Persist output or `vaultflow get` printed, e.g. {\"id\": \"0193a0c4-...\"}.");
            }

            var record = await _store.GetByIdAsync(id, cancellationToken).ConfigureAwait(false);
            return record is null
                ? NotFound($"No record has id {id}. Check the id (Persist's output names it), or search by e-mail.")
                : Found([await ViewAsync(record, cancellationToken).ConfigureAwait(false)]);
        }

        if (request.Search?.Email is { } email)
        {
            return await SearchByEmailAsync(email, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidMessageException(
            InvalidMessageReasons.MissingField,
            "GetRecord needs {\"id\": \"<record id>\"} or {\"search\": {\"email\": \"...\"}}.");
    }

    private async Task<GetRecordResult> SearchByEmailAsync(string email, CancellationToken cancellationToken)
    {
        if (_blindIndexKeys is null)
        {
            throw new ConfigurationException(
                SettingNames.BlindIndexKey,
                $"GetRecord cannot search by e-mail: {SettingNames.BlindIndexKey} is not set. Set it to the blind-index key the Encrypt function uses.");
        }

        var wanted = SearchValueNormalizer.Normalize(email);
        var candidates = await CandidatesAsync(_blindIndexKeys.ComputeAll(EncryptStep.EmailField, email), cancellationToken).ConfigureAwait(false);
        var matches = new List<RecordView>();
        foreach (var candidate in candidates)
        {
            var view = await ViewAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (StoredMessage.EmailOf(view.Message) is { } stored && string.Equals(SearchValueNormalizer.Normalize(stored), wanted, StringComparison.Ordinal))
            {
                matches.Add(view);
            }
        }

        WorkflowLog.SearchResult(_logger, candidates.Count, matches.Count);
        return matches.Count == 0
            ? NotFound("No record matches that e-mail address (searched by blind index; the value is not repeated here).")
            : Found(matches);
    }

    /// <summary>
    /// The union, by record id, of the rows under each index, at most <see cref="MaxCandidates"/> per index:
    /// each key gets the whole budget, so a rotation never pushes rows under the previous key out of a search.
    /// </summary>
    private async Task<IReadOnlyList<StoredRecord>> CandidatesAsync(IReadOnlyList<string> indexes, CancellationToken cancellationToken)
    {
        if (indexes.Count == 1)
        {
            return await _store.FindByBlindIndexAsync(indexes[0], MaxCandidates, cancellationToken).ConfigureAwait(false);
        }

        var seen = new HashSet<Guid>();
        var union = new List<StoredRecord>();
        foreach (var index in indexes)
        {
            foreach (var record in await _store.FindByBlindIndexAsync(index, MaxCandidates, cancellationToken).ConfigureAwait(false))
            {
                if (seen.Add(record.Id))
                {
                    union.Add(record);
                }
            }
        }

        return union;
    }

    private async Task<RecordView> ViewAsync(StoredRecord record, CancellationToken cancellationToken)
    {
        var plaintext = await _encryptor.DecryptAsync(record.Ciphertext, new RecordBinding(record.Id, record.IdempotencyKey), cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(plaintext);
            return new RecordView
            {
                RecordId = record.Id,
                IdempotencyKey = record.IdempotencyKey,
                Type = record.MessageType,
                ExecutionName = record.ExecutionName,
                CreatedAt = record.CreatedAt,
                Message = document.RootElement.Clone(),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static GetRecordResult Found(IReadOnlyList<RecordView> records) => new() { Found = true, Records = records };

    private static GetRecordResult NotFound(string sentence) => new() { Found = false, NotFound = sentence };
}
