using System.Net.Http.Json;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.SQS;
using Npgsql;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Local.Stack;

namespace Vaultflow.IntegrationTests.LocalStack;

/// <summary>
/// One running `vaultflow local up` (a real process, temp state dir, fresh database, free ports) for a
/// test collection, with real AWS SDK clients pointed at it. Use with <c>[Collection(LocalStackCollection.Name)]</c>.
/// </summary>
public class LocalStackFixture : IAsyncLifetime
{
    private LocalStackProcess? _stack;

    /// <summary>Extra environment for the stack process (subclasses for special stacks).</summary>
    protected virtual IReadOnlyDictionary<string, string>? Environment => null;

    public LocalStackProcess Process => _stack ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The parsed local.json.</summary>
    public LocalStackDescription Stack => Process.Description;

    public AmazonSQSClient Sqs { get; private set; } = null!;

    public StepFunctionsClient StepFunctions { get; private set; } = null!;

    public AmazonKeyManagementServiceClient Kms { get; private set; } = null!;

    /// <summary>The app role on the stack's database (what the functions use).</summary>
    public NpgsqlDataSource App { get; private set; } = null!;

    /// <summary>The owner role on the stack's database: inspection (ledger, failures) only.</summary>
    public NpgsqlDataSource Owner { get; private set; } = null!;

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials(Vaultflow.Local.Stack.LocalStack.AccessKeyId, Vaultflow.Local.Stack.LocalStack.SecretAccessKey);

    public async Task InitializeAsync()
    {
        _stack = await LocalStackProcess.StartAsync(environment: Environment);
        Sqs = new AmazonSQSClient(Credentials, new AmazonSQSConfig { ServiceURL = Stack.SqsEndpoint, AuthenticationRegion = Stack.Region });
        Kms = new AmazonKeyManagementServiceClient(Credentials, new AmazonKeyManagementServiceConfig { ServiceURL = Stack.KmsEndpoint, AuthenticationRegion = Stack.Region });
        StepFunctions = new StepFunctionsClient(new StepFunctionsClientOptions(Stack.Region, new Uri(Stack.SfnEndpoint), Credentials));
        App = NpgsqlDataSource.Create(Stack.Postgres);
        var owner = new NpgsqlConnectionStringBuilder(Fixtures.PostgresConfig.Load().OwnerConnectionString) { Database = Stack.Database };
        Owner = NpgsqlDataSource.Create(owner.ConnectionString);
    }

    /// <summary>Arms the local KMS fault switch (POST /_vaultflow/kms/faults), e.g. <c>new { throttleNext = 2 }</c>.</summary>
    public async Task SetKmsFaultsAsync(object faults)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(new Uri(new Uri(Stack.KmsEndpoint), "_vaultflow/kms/faults"), faults);
        response.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        Sqs?.Dispose();
        Kms?.Dispose();
        StepFunctions?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Owner is not null)
        {
            await Owner.DisposeAsync();
        }

        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LocalStackCollection : ICollectionFixture<LocalStackFixture>
{
    public const string Name = "LocalStack";
}
