using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vaultflow.Aws.Kms;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Crypto.Keyrings;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Workflow.Reader;

namespace Vaultflow.Cli.Configuration;

/// <summary>
/// The reader function's path, built for the CLI: PostgresRecordStore + EnvelopeEncryptor over the
/// stack's keyring (KMS when a key id is configured, else the raw AES key) + the blind-index keys.
/// <c>vaultflow reindex</c> uses the same encryptor and keys.
/// </summary>
internal sealed class RecordReaderFactory : IAsyncDisposable
{
    private readonly List<IDisposable> _disposables = [];
    private NpgsqlDataSource? _dataSource;

    public RecordReader Create(StackConfiguration stack, bool needSearch)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var settings = stack.Settings;
        var connection = stack.Require(SettingNames.Database, settings.DatabaseConnectionString, "the database connection string");
        _dataSource = VaultflowDatabase.CreateDataSource(new VaultflowDatabaseOptions(connection) { ApplicationName = "vaultflow-cli" });
        var store = new PostgresRecordStore(_dataSource, new IdempotencyLedger(_dataSource, NullLogger<IdempotencyLedger>.Instance), NullLogger<PostgresRecordStore>.Instance);
        var encryptor = CreateEncryptor(stack, "vaultflow get", DataKeyCacheOptions.Disabled);
        var keys = needSearch ? LoadBlindIndexKeys(stack, "searching") : null;
        return new RecordReader(store, encryptor, keys, NullLogger<RecordReader>.Instance);
    }

    /// <summary>The records' envelope encryptor over the stack's keyring.</summary>
    /// <param name="stack">The stack.</param>
    /// <param name="component">What needs it, for the error when no key is configured.</param>
    /// <param name="cache">The data-key cache: off for a single read, the read-side LRU for a scan of many records.</param>
    public EnvelopeEncryptor CreateEncryptor(StackConfiguration stack, string component, DataKeyCacheOptions cache)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var settings = stack.Settings;
        settings.Require(component, SettingNames.KmsKeyId);
        IKeyring keyring;
        if (settings.KmsKeyId is { } keyId)
        {
            var client = AwsClients.Kms(stack, keyId);
            _disposables.Add(client);
            keyring = new KmsKeyring(client, new KmsKeyringOptions { KeyId = keyId, Region = stack.Region, ServiceUrl = stack.KmsEndpoint });
        }
        else
        {
            var raw = RecordEncryption.LoadRawKeyring(settings, new VariablesKeyMaterialEnvironment(stack.Variables));
            _disposables.Add(raw);
            keyring = raw;
        }

        return new EnvelopeEncryptor(new CachingDataKeyProvider(keyring, cache), RecordEncryption.Context(settings.Application));
    }

    /// <summary>
    /// The blind-index keys: the current one from VAULTFLOW_BLIND_INDEX_KEY, else local.json's
    /// blindIndexKeyFile; during a rotation also VAULTFLOW_BLIND_INDEX_PREVIOUS_KEY.
    /// </summary>
    /// <param name="stack">The stack.</param>
    /// <param name="purpose">What needs the key, for the error ("searching", "reindex").</param>
    public BlindIndexKeySet LoadBlindIndexKeys(StackConfiguration stack, string purpose)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var source = stack.Settings.BlindIndexKey is not null
            ? KeyMaterialSource.FromEnvironment(SettingNames.BlindIndexKey)
            : stack.Variables.Get(StackVariables.BlindIndexKeyFile) is { } file
                ? KeyMaterialSource.FromFile(file)
                : throw new Core.Errors.ConfigurationException(SettingNames.BlindIndexKey, $"{purpose} needs the blind-index key: set {SettingNames.BlindIndexKey} (base64; against AWS the secret's \"key\" field), or run against the local stack whose local.json names blindIndexKeyFile");
        var keys = BlindIndexKeyLoader.Load(source, new VariablesKeyMaterialEnvironment(stack.Variables));
        _disposables.Add(keys);
        return keys;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }
}
