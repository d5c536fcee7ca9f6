using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Vaultflow.Aws.Kms;
using Vaultflow.Local.Kms;

namespace Vaultflow.IntegrationTests.Kms;

/// <summary>
/// One in-memory local KMS on 127.0.0.1:0 per test run, with the alias <see cref="Alias"/> bootstrapped,
/// and real AmazonKeyManagementServiceClient instances pointed at it. Reuse it with
/// <c>[Collection(LocalKmsCollection.Name)]</c>; tests that change faults or count calls should start
/// their own server with <see cref="StartServerAsync"/> so they do not disturb others.
/// </summary>
public sealed class LocalKmsFixture : IAsyncLifetime
{
    public const string Alias = "alias/vaultflow-test";

    private readonly List<IDisposable> _clients = [];
    private LocalKmsServer? _server;

    public LocalKmsServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>A client with the SDK's default retries.</summary>
    public IAmazonKeyManagementService Client { get; private set; } = null!;

    /// <summary>Dummy credentials: the local KMS checks the SigV4 header's shape, not the signature.</summary>
    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("AKIDVAULTFLOWLOCAL", "vaultflow-local-secret");

    public async Task InitializeAsync()
    {
        _server = await StartServerAsync();
        Client = CreateClient();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A new client for this fixture's server; disposed with the fixture.</summary>
    public IAmazonKeyManagementService CreateClient(int? maxErrorRetry = null)
    {
        var client = CreateClient(Server, maxErrorRetry);
        _clients.Add(client);
        return client;
    }

    /// <summary>A keyring over a new client; <paramref name="keyId"/> defaults to <see cref="Alias"/>.</summary>
    public KmsKeyring CreateKeyring(string? keyId = null, int? maxErrorRetry = null) =>
        new(CreateClient(maxErrorRetry), new KmsKeyringOptions { KeyId = keyId ?? Alias });

    /// <summary>Creates a fresh key and returns its ARN.</summary>
    public async Task<string> CreateKeyAsync(string description = "test key")
    {
        var response = await Client.CreateKeyAsync(new CreateKeyRequest { Description = description });
        return response.KeyMetadata.Arn;
    }

    public static Task<LocalKmsServer> StartServerAsync(LocalKmsOptions? options = null) =>
        LocalKmsServer.StartAsync(options ?? new LocalKmsOptions { BootstrapAlias = Alias }, CancellationToken.None);

    /// <summary>A real SDK client for <paramref name="server"/>; the caller disposes it.</summary>
    public static IAmazonKeyManagementService CreateClient(LocalKmsServer server, int? maxErrorRetry = null) =>
        KmsClientFactory.Create(
            new KmsKeyringOptions { KeyId = Alias, ServiceUrl = server.Uri, Region = "us-east-1", MaxErrorRetry = maxErrorRetry },
            Credentials);
}

[CollectionDefinition(Name)]
public sealed class LocalKmsCollection : ICollectionFixture<LocalKmsFixture>
{
    public const string Name = "Local KMS";
}
