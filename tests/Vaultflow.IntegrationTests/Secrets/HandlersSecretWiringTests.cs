extern alias handlers;

using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Configuration;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Kms;
using Vaultflow.IntegrationTests.Workflow;
using Vaultflow.Lambda.Hosting;
using handlers::Vaultflow.Handlers.Hosting;
using HandlerFunctions = handlers::Vaultflow.Generated.LambdaFunctions;

namespace Vaultflow.IntegrationTests.Secrets;

/// <summary>
/// The functions as Lambda runs them with VAULTFLOW_DB_SECRET_ID: Startup reads the database secret
/// through the extension (here the fake, at PARAMETERS_SECRETS_EXTENSION_HTTP_PORT on localhost) once,
/// then serves invocations from memory.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HandlersSecretWiringTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly FakeSecretsExtension _extension = new();
    private readonly CapturingLoggerProvider _logs = new();
    private DictionaryEnvironmentVariables _environment = null!;
    private ILambdaFunctionDispatcher _dispatcher = null!;

    public Task InitializeAsync()
    {
        var arn = _extension.SetSecret("vaultflow/app-db", postgres.Database.AppConnectionString);
        _environment = new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            [SettingNames.Region] = "us-east-1",
            [SettingNames.DatabaseSecretId] = arn,
            ["AWS_SESSION_TOKEN"] = _extension.Token,
            ["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = _extension.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
        });
        _dispatcher = HandlerFunctions.CreateDispatcher(services =>
        {
            services.AddSingleton<IEnvironmentVariables>(_environment);
            services.AddSingleton<ILoggerProvider>(_logs);
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncDisposable)_dispatcher).DisposeAsync();
        await _extension.DisposeAsync();
    }

    [Fact]
    public void Validate_SecretIdInsteadOfVaultflowDb_SatisfiesTheDatabaseOnlyFunctions()
    {
        foreach (var function in new[] { FunctionNames.Dedupe, FunctionNames.Persist })
        {
            Assert.Equal(_environment.Get(SettingNames.DatabaseSecretId), FunctionRequirements.Validate(function, _environment).DatabaseSecretId);
        }
    }

    [Fact]
    public async Task Dedupe_ThreeInvocations_ReadTheSecretOnceAndNeverLogIt()
    {
        for (var i = 0; i < 3; i++)
        {
            var input = WorkflowHarness.StarterInput("{\"type\":\"t\",\"data\":{\"n\":" + i + "}}", Guid.NewGuid().ToString());
            var payload = "{\"input\":" + input + ",\"executionName\":" + WorkflowHarness.Quote(WorkflowHarness.NewExecutionName()) + "}";
            var response = await _dispatcher.InvokeAsync(FunctionNames.Dedupe, Encoding.UTF8.GetBytes(payload), new TestLambdaContext(FunctionNames.Dedupe), CancellationToken.None);
            using var output = JsonDocument.Parse(response);
            Assert.False(output.RootElement.GetProperty("duplicate").GetBoolean());
        }

        Assert.Equal(1, _extension.Calls);
        var password = new Npgsql.NpgsqlConnectionStringBuilder(postgres.Database.AppConnectionString).Password!;
        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(password, StringComparison.Ordinal));
    }
}
