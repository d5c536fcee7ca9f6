using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Vaultflow.Aws.Kms;
using Vaultflow.Aws.Secrets;
using Vaultflow.Aws.Sqs;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Crypto.Keyrings;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Storage.Connections;
using Vaultflow.Core.Workflow.Ports;
using Vaultflow.Core.Workflow.Reader;
using Vaultflow.Core.Workflow.Starter;
using Vaultflow.Core.Workflow.Steps;
using Vaultflow.Handlers.Hosting;
using Vaultflow.Lambda.Annotations;

namespace Vaultflow.Handlers;

/// <summary>
/// Wires the functions from <see cref="VaultflowSettings"/>. Every service is a lazy singleton, so a
/// function builds only what it uses (Dedupe never creates a KMS client). The settings come from the
/// <see cref="IEnvironmentVariables"/> service, registered with TryAdd: the local stack's configure
/// callback registers a DictionaryEnvironmentVariables and wins.
/// </summary>
[LambdaStartup]
public static class Startup
{
    public static void ConfigureServices(IServiceCollection services)
    {
        services.TryAddSingleton<IEnvironmentVariables>(ProcessEnvironmentVariables.Instance);
        services.AddLogging();
        services.TryAddSingleton(sp => VaultflowSettings.Load(sp.GetRequiredService<IEnvironmentVariables>()));

        AddStorage(services);
        AddCrypto(services);
        AddQueues(services);

        services.TryAddSingleton(sp => new DedupeStep(
            sp.GetRequiredService<IIdempotencyLedger>(),
            sp.GetRequiredService<IRecordLookup>(),
            sp.GetRequiredService<ILogger<DedupeStep>>()));
        services.TryAddSingleton(sp => new EncryptStep(
            sp.GetRequiredService<IIdempotencyLedger>(),
            sp.GetRequiredService<EnvelopeEncryptor>(),
            sp.GetRequiredService<BlindIndexer>(),
            sp.GetRequiredService<ILogger<EncryptStep>>()));
        services.TryAddSingleton(sp => new PersistStep(
            sp.GetRequiredService<IIdempotencyLedger>(),
            sp.GetRequiredService<ILedgerResultReader>(),
            sp.GetRequiredService<IRecordStore>(),
            sp.GetRequiredService<ILogger<PersistStep>>()));
        services.TryAddSingleton(sp => new RouteFailureStep(
            sp.GetRequiredService<IIdempotencyLedger>(),
            sp.GetRequiredService<IDeadLetterQueue>(),
            sp.GetRequiredService<IRecordStore>(),
            sp.GetRequiredService<VaultflowSettings>().IngestQueueUrl,
            sp.GetRequiredService<ILogger<RouteFailureStep>>()));
        services.TryAddSingleton(sp => new RecordReader(
            sp.GetRequiredService<IRecordStore>(),
            sp.GetRequiredService<EnvelopeEncryptor>(),
            sp.GetRequiredService<BlindIndexKeySet>(),
            sp.GetRequiredService<ILogger<RecordReader>>()));
        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<VaultflowSettings>();
            return new StarterService(
                sp.GetRequiredService<IExecutionStarter>(),
                sp.GetRequiredService<IDeadLetterQueue>(),
                new StarterOptions { Guard = new RecursionGuardOptions { MaxReplays = settings.MaxReplays, MaxHops = settings.MaxHops } },
                sp.GetRequiredService<ILogger<StarterService>>());
        });
    }

    private static void AddStorage(IServiceCollection services)
    {
        // The database credentials: on Lambda a Secrets Manager secret read through the Parameters and
        // Secrets extension (VAULTFLOW_DB_SECRET_ID), locally VAULTFLOW_DB. Either way they are cached
        // in memory and re-read once when PostgreSQL refuses them (a rotated password).
        services.TryAddSingleton<ISecretSource>(sp =>
        {
            var settings = sp.GetRequiredService<VaultflowSettings>().Require("the database", SettingNames.Database);
            var environment = sp.GetRequiredService<IEnvironmentVariables>();
            return settings.DatabaseSecretId is { } secretId
                ? new SecretsExtensionSource(SecretsExtensionOptions.FromEnvironment(secretId, environment.Get), sp.GetRequiredService<ILogger<SecretsExtensionSource>>())
                : new EnvironmentSecretSource(SettingNames.Database, environment.Get);
        });
        services.TryAddSingleton<IDatabaseConnections>(sp => new RotatingDatabaseConnections(
            new SecretDatabaseCredentials(new CachedSecret(
                sp.GetRequiredService<ISecretSource>(),
                sp.GetRequiredService<VaultflowSettings>().DatabaseSecretTtl,
                TimeProvider.System,
                sp.GetRequiredService<ILogger<CachedSecret>>())),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<IIdempotencyLedger>(sp => new IdempotencyLedger(sp.GetRequiredService<IDatabaseConnections>(), sp.GetRequiredService<ILogger<IdempotencyLedger>>()));
        services.TryAddSingleton<ILedgerResultReader>(sp => new PostgresLedgerResultReader(sp.GetRequiredService<IDatabaseConnections>()));
        services.TryAddSingleton<IRecordLookup>(sp => new PostgresRecordLookup(sp.GetRequiredService<IDatabaseConnections>()));
        services.TryAddSingleton<IRecordStore>(sp => new PostgresRecordStore(
            sp.GetRequiredService<IDatabaseConnections>(),
            sp.GetRequiredService<IIdempotencyLedger>(),
            sp.GetRequiredService<ILogger<PostgresRecordStore>>()));
    }

    private static void AddCrypto(IServiceCollection services)
    {
        services.TryAddSingleton<IKeyring>(sp =>
        {
            var environment = sp.GetRequiredService<IEnvironmentVariables>();
            var settings = sp.GetRequiredService<VaultflowSettings>().Require("the keyring", SettingNames.KmsKeyId);
            if (settings.KmsKeyId is not null)
            {
                var options = KmsKeyringOptions.FromEnvironment(environment.Get);
                return new KmsKeyring(KmsClientFactory.Create(options, AwsCredentialsFromEnvironment.Resolve(environment)), options);
            }

            return RecordEncryption.LoadRawKeyring(settings, new VariablesKeyMaterialEnvironment(environment));
        });
        services.TryAddSingleton(sp => new CachingDataKeyProvider(
            sp.GetRequiredService<IKeyring>(),
            sp.GetRequiredService<VaultflowSettings>().DataKeyCacheEnabled ? new DataKeyCacheOptions() : DataKeyCacheOptions.Disabled));
        services.TryAddSingleton(sp => new EnvelopeEncryptor(
            sp.GetRequiredService<CachingDataKeyProvider>(),
            RecordEncryption.Context(sp.GetRequiredService<VaultflowSettings>().Application)));
        // HandlerHost reads the keys at cold start and registers it; hosts that build the dispatcher directly
        // (the local stack, tests) read it here on first use. Either way once per process: never refreshed.
        // The wait blocks only when a secret is read through the extension (a loopback call); every await
        // below it uses ConfigureAwait(false), so it cannot deadlock on a synchronization context.
        services.TryAddSingleton(sp => BlindIndexKeys.LoadAsync(
            sp.GetRequiredService<VaultflowSettings>(),
            sp.GetRequiredService<IEnvironmentVariables>(),
            sp.GetRequiredService<ILoggerFactory>()).GetAwaiter().GetResult());

        // Encrypt indexes under the current key only; GetRecord searches under every key of the set.
        services.TryAddSingleton(sp => sp.GetRequiredService<BlindIndexKeySet>().Current);
    }

    private static void AddQueues(IServiceCollection services)
    {
        services.TryAddSingleton<IDeadLetterQueue>(sp =>
        {
            var settings = sp.GetRequiredService<VaultflowSettings>().Require("the dead-letter queue", SettingNames.DlqUrl);
            var environment = sp.GetRequiredService<IEnvironmentVariables>();
            var client = SqsClientFactory.Create(SqsClientOptions.FromEnvironment(environment.Get), AwsCredentialsFromEnvironment.Resolve(environment));
            return new SqsDeadLetterQueue(client, settings.DlqUrl!);
        });
        services.TryAddSingleton(sp =>
        {
            var environment = sp.GetRequiredService<IEnvironmentVariables>();
            var options = StepFunctionsClientOptions.FromEnvironment(environment.Get) with { Credentials = AwsCredentialsFromEnvironment.Resolve(environment) };
            return new StepFunctionsClient(options);
        });
        services.TryAddSingleton<IExecutionStarter>(sp =>
        {
            var settings = sp.GetRequiredService<VaultflowSettings>().Require(FunctionNames.Starter, SettingNames.StateMachineArn);
            return new StepFunctionsExecutionStarter(sp.GetRequiredService<StepFunctionsClient>(), settings.StateMachineArn!);
        });
    }
}
