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
/// stack's keyring (KMS when a key id is configured, else the raw AES key) + the blind indexer.
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
        var keys = new VariablesKeyMaterialEnvironment(stack.Variables);
        settings.Require("vaultflow get", SettingNames.KmsKeyId);
        IKeyring keyring;
        if (settings.KmsKeyId is { } keyId)
        {
            var client = AwsClients.Kms(stack, keyId);
            _disposables.Add(client);
            keyring = new KmsKeyring(client, new KmsKeyringOptions { KeyId = keyId, Region = stack.Region, ServiceUrl = stack.KmsEndpoint });
        }
        else
        {
            var raw = RecordEncryption.LoadRawKeyring(settings, keys);
            _disposables.Add(raw);
            keyring = raw;
        }

        var encryptor = new EnvelopeEncryptor(new CachingDataKeyProvider(keyring, DataKeyCacheOptions.Disabled), RecordEncryption.Context(settings.Application));
        BlindIndexer? indexer = null;
        if (needSearch)
        {
            var source = settings.BlindIndexKey is not null
                ? KeyMaterialSource.FromEnvironment(SettingNames.BlindIndexKey)
                : stack.Variables.Get(StackVariables.BlindIndexKeyFile) is { } file
                    ? KeyMaterialSource.FromFile(file)
                    : throw new Core.Errors.ConfigurationException(SettingNames.BlindIndexKey, $"searching needs the blind-index key: set {SettingNames.BlindIndexKey} (base64), or run against the local stack whose local.json names blindIndexKeyFile");
            indexer = BlindIndexer.Load(new BlindIndexOptions(source), keys);
            _disposables.Add(indexer);
        }

        return new RecordReader(store, encryptor, indexer, NullLogger<RecordReader>.Instance);
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
