using System.Security.Cryptography;
using Vaultflow.Local.Kms.Protocol;

namespace Vaultflow.Local.Kms.Keys;

/// <summary>
/// Keys and aliases of one local KMS "account and region", in memory, optionally mirrored to a
/// <see cref="KeyStoreFile"/> after every change. Thread-safe; changes are rare, so one lock is enough.
/// </summary>
internal sealed class KeyStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, LocalKey> _keys = [];
    private readonly Dictionary<string, LocalAlias> _aliases = new(StringComparer.Ordinal);
    private readonly KeyStoreFile? _file;
    private readonly TimeProvider _time;

    public KeyStore(string region, string accountId, KeyStoreFile? file, TimeProvider time)
    {
        Region = region;
        AccountId = accountId;
        _file = file;
        _time = time;
        var document = file?.Load();
        if (document is null)
        {
            return;
        }

        foreach (var stored in document.Keys)
        {
            _keys.Add(stored.KeyId, new LocalKey(stored.KeyId, stored.Material, stored.CreationDate, stored.Description, stored.Enabled));
        }

        foreach (var alias in document.Aliases)
        {
            _aliases.Add(alias.AliasName, new LocalAlias(alias.AliasName, alias.TargetKeyId, alias.CreationDate, alias.LastUpdatedDate));
        }
    }

    public string Region { get; }

    public string AccountId { get; }

    public int KeyCount
    {
        get
        {
            lock (_gate)
            {
                return _keys.Count;
            }
        }
    }

    public string KeyArn(Guid keyId) => $"arn:aws:kms:{Region}:{AccountId}:key/{keyId:D}";

    public string AliasArn(string aliasName) => $"arn:aws:kms:{Region}:{AccountId}:{aliasName}";

    /// <summary>Resolves any of the four key reference forms; unknown references fail like KMS does.</summary>
    public LocalKey Resolve(string? keyReference)
    {
        var identifier = KeyIdentifier.Parse(keyReference, Region, AccountId);
        lock (_gate)
        {
            if (identifier.AliasName is { } aliasName)
            {
                if (!_aliases.TryGetValue(aliasName, out var alias))
                {
                    throw new KmsErrorException(KmsErrorCodes.NotFound, $"Alias '{AliasArn(aliasName)}' is not found.");
                }

                return _keys[alias.TargetKeyId];
            }

            return _keys.TryGetValue(identifier.KeyId!.Value, out var key)
                ? key
                : throw new KmsErrorException(KmsErrorCodes.NotFound, $"Key '{KeyArn(identifier.KeyId.Value)}' does not exist");
        }
    }

    /// <summary>The key a ciphertext names, or null when this store never had it.</summary>
    public LocalKey? Find(Guid keyId)
    {
        lock (_gate)
        {
            return _keys.GetValueOrDefault(keyId);
        }
    }

    public LocalKey CreateKey(string description)
    {
        var key = new LocalKey(Guid.NewGuid(), RandomNumberGenerator.GetBytes(LocalKey.MaterialSize), _time.GetUtcNow(), description, enabled: true);
        lock (_gate)
        {
            _keys.Add(key.Id, key);
            SaveOrUndoLocked(() => _keys.Remove(key.Id));
        }

        return key;
    }

    /// <summary>DisableKey / EnableKey: a disabled key refuses every cryptographic operation with DisabledException.</summary>
    public void SetEnabled(string? keyReference, bool enabled)
    {
        var key = Resolve(keyReference);
        lock (_gate)
        {
            _keys[key.Id] = new LocalKey(key.Id, key.Material, key.CreationDate, key.Description, enabled);
            SaveOrUndoLocked(() => _keys[key.Id] = key);
        }
    }

    public LocalAlias CreateAlias(string? aliasName, string? targetKeyReference)
    {
        if (aliasName is null || !aliasName.StartsWith(KeyIdentifier.AliasPrefix, StringComparison.Ordinal)
            || aliasName.Length <= KeyIdentifier.AliasPrefix.Length || aliasName.Length > 256
            || aliasName.AsSpan(KeyIdentifier.AliasPrefix.Length).ContainsAnyExcept(AliasCharacters))
        {
            throw new KmsErrorException(KmsErrorCodes.InvalidAliasName, $"Alias name '{aliasName}' must start with 'alias/' followed by letters, digits, '/', '_' or '-' (at most 256 characters).");
        }

        if (aliasName.StartsWith("alias/aws/", StringComparison.Ordinal))
        {
            throw new KmsErrorException(KmsErrorCodes.InvalidAliasName, "Aliases beginning with 'alias/aws/' are reserved for AWS managed keys.");
        }

        var target = KeyIdentifier.Parse(targetKeyReference, Region, AccountId);
        if (target.AliasName is not null)
        {
            throw new KmsErrorException(KmsErrorCodes.Validation, "TargetKeyId must be a key id or key ARN, not an alias.");
        }

        lock (_gate)
        {
            if (!_keys.ContainsKey(target.KeyId!.Value))
            {
                throw new KmsErrorException(KmsErrorCodes.NotFound, $"Key '{KeyArn(target.KeyId.Value)}' does not exist");
            }

            if (_aliases.ContainsKey(aliasName))
            {
                throw new KmsErrorException(KmsErrorCodes.AlreadyExists, $"An alias with the name {AliasArn(aliasName)} already exists");
            }

            var now = _time.GetUtcNow();
            var alias = new LocalAlias(aliasName, target.KeyId.Value, now, now);
            _aliases.Add(aliasName, alias);
            SaveOrUndoLocked(() => _aliases.Remove(aliasName));
            return alias;
        }
    }

    public IReadOnlyList<LocalAlias> ListAliases(Guid? targetKeyId)
    {
        lock (_gate)
        {
            return [.. _aliases.Values
                .Where(a => targetKeyId is null || a.TargetKeyId == targetKeyId)
                .OrderBy(a => a.Name, StringComparer.Ordinal)];
        }
    }

    private static readonly System.Buffers.SearchValues<char> AliasCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_-");

    private void SaveOrUndoLocked(Action undo)
    {
        try
        {
            SaveLocked();
        }
        catch
        {
            // Memory and file must agree, or a restart would lose a key that already wrapped data.
            undo();
            throw;
        }
    }

    private void SaveLocked()
    {
        _file?.Save(new KeyStoreDocument
        {
            Keys = [.. _keys.Values.OrderBy(k => k.CreationDate).Select(k => new StoredKey
            {
                KeyId = k.Id,
                Material = k.Material,
                CreationDate = k.CreationDate,
                Description = k.Description,
                Enabled = k.Enabled,
            })],
            Aliases = [.. _aliases.Values.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => new StoredAlias
            {
                AliasName = a.Name,
                TargetKeyId = a.TargetKeyId,
                CreationDate = a.CreationDate,
                LastUpdatedDate = a.LastUpdatedDate,
            })],
        });
    }
}
