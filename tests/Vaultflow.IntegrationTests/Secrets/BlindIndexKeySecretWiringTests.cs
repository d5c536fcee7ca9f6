extern alias handlers;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Kms;
using Vaultflow.IntegrationTests.Workflow;
using Vaultflow.Lambda.Hosting;
using handlers::Vaultflow.Handlers.Hosting;
using HandlerFunctions = handlers::Vaultflow.Generated.LambdaFunctions;

namespace Vaultflow.IntegrationTests.Secrets;

/// <summary>
/// Encrypt and GetRecord as Lambda runs them with VAULTFLOW_BLIND_INDEX_KEY_SECRET_ID: the cold start
/// (HandlerHost) reads the key once through the extension (here the fake, on 127.0.0.1 at
/// PARAMETERS_SECRETS_EXTENSION_HTTP_PORT), search works with it, and a missing or invalid secret is an
/// init error naming the secret, never its value.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BlindIndexKeySecretWiringTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly FakeSecretsExtension _extension = new();
    private readonly List<IAsyncDisposable> _dispatchers = [];
    private readonly CapturingLoggerProvider _logs = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var dispatcher in _dispatchers)
        {
            await dispatcher.DisposeAsync();
        }

        await _extension.DisposeAsync();
    }

    [Fact]
    public async Task ColdStart_KeyFromSecret_ReadOnceAndSearchFindsTheRecordWrittenWithIt()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var arn = _extension.SetSecret("vaultflow/blind-index", "{\"key\":\"" + Convert.ToBase64String(key) + "\"}");
        var rawKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var dispatcher = await ColdStartAsync(FunctionNames.Encrypt, arn, rawKey);
        Assert.Equal(1, _extension.Calls);
        var email = "grace." + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var recordId = await PersistAsync(dispatcher, email);
        var reader = await ColdStartAsync(FunctionNames.GetRecord, arn, rawKey);
        var found = await SearchAsync(reader, email);
        await SearchAsync(reader, email);

        Assert.Equal(recordId, found);
        Assert.Equal(2, _extension.Calls);
        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(Convert.ToBase64String(key), StringComparison.Ordinal) || line.Contains(email, StringComparison.OrdinalIgnoreCase));

        // The same key given locally finds the row; any other key does not: the index was computed with the secret's key.
        Assert.Equal(recordId, await SearchAsync(await LocalAsync(Convert.ToBase64String(key), rawKey), email));
        Assert.Null(await SearchAsync(await LocalAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), rawKey), email));
    }

    [Fact]
    public async Task ColdStart_RotationSecret_EncryptIndexesUnderTheNewKeyAndGetRecordFindsRowsUnderEither()
    {
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var rawKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var arn = _extension.SetSecret("vaultflow/blind-index-rotation", "{\"key\":\"" + oldKey + "\"}");
        var beforeEmail = "before." + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var beforeId = await PersistAsync(await ColdStartAsync(FunctionNames.Encrypt, arn, rawKey), beforeEmail);

        // The runbook's first step: the new key as "key", the old one as "previous"; new sandboxes read both.
        _extension.SetSecret("vaultflow/blind-index-rotation", "{\"key\":\"" + newKey + "\",\"previous\":\"" + oldKey + "\"}");
        var afterEmail = "after." + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var afterId = await PersistAsync(await ColdStartAsync(FunctionNames.Encrypt, arn, rawKey), afterEmail);
        var reader = await ColdStartAsync(FunctionNames.GetRecord, arn, rawKey);

        Assert.Equal(beforeId, await SearchAsync(reader, beforeEmail));
        Assert.Equal(afterId, await SearchAsync(reader, afterEmail));

        // Encrypt used the new key only: the new key alone finds the new row, and not yet the old one (that is reindex's job).
        var newKeyOnly = await LocalAsync(newKey, rawKey);
        Assert.Equal(afterId, await SearchAsync(newKeyOnly, afterEmail));
        Assert.Null(await SearchAsync(newKeyOnly, beforeEmail));
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(oldKey, StringComparison.Ordinal) || line.Contains(newKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ColdStart_PlainBase64Secret_IsAccepted()
    {
        var arn = _extension.SetSecret("vaultflow/blind-index-plain", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));

        var dispatcher = await ColdStartAsync(FunctionNames.GetRecord, arn, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        Assert.Equal(6, dispatcher.Functions.Count);
        Assert.Equal(1, _extension.Calls);
    }

    [Fact]
    public async Task ColdStart_FunctionWithoutBlindIndex_NeverReadsTheSecret()
    {
        var arn = _extension.SetSecret("vaultflow/blind-index-unused", "not even a key");

        var dispatcher = await ColdStartAsync(FunctionNames.Persist, arn, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        Assert.Equal(6, dispatcher.Functions.Count);
        Assert.Equal(0, _extension.Calls);
    }

    [Fact]
    public async Task ColdStart_MissingSecret_InitErrorNamingTheSecretId()
    {
        const string missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:vaultflow/no-such-key-AbCdEf";

        var dispatcher = await ColdStartAsync(FunctionNames.Encrypt, missing, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var error = Assert.Throws<ConfigurationException>(() => dispatcher.Functions);
        Assert.Equal(SettingNames.BlindIndexKeySecretId, error.Setting);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"key\":\"c2VjcmV0LWJ1dC10b28tc2hvcnQ=\"}", "decodes to 20 bytes")]
    [InlineData("s3cr3t value, not base64", "not valid base64")]
    [InlineData("{\"key\": s3cr3t}", "not valid JSON")]
    public async Task ColdStart_InvalidSecret_InitErrorNamingTheSecretIdNeverTheValue(string value, string says)
    {
        var arn = _extension.SetSecret("vaultflow/blind-index-bad", value);

        var dispatcher = await ColdStartAsync(FunctionNames.GetRecord, arn, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var error = Assert.Throws<ConfigurationException>(() => dispatcher.Functions);
        Assert.Equal(SettingNames.BlindIndexKeySecretId, error.Setting);
        Assert.Contains(arn, error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _extension.Calls);
    }

    [Fact]
    public async Task ColdStart_ExtensionNotListening_TransientInitErrorNamingTheSecret()
    {
        var arn = _extension.SetSecret("vaultflow/blind-index", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var values = Values(arn, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        values["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = ClosedPort().ToString(CultureInfo.InvariantCulture);

        var dispatcher = await HandlerHost.CreateDispatcherAsync(FunctionNames.Encrypt, new DictionaryEnvironmentVariables(values));

        var error = Assert.Throws<TransientException>(() => dispatcher.Functions);
        Assert.Contains(arn, error.Message, StringComparison.Ordinal);
        Assert.Contains("layer is attached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ColdStart_KeyAndSecretIdBoth_InitErrorNamingBothVariables()
    {
        var arn = _extension.SetSecret("vaultflow/blind-index", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var values = Values(arn, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        values[SettingNames.BlindIndexKey] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var dispatcher = await HandlerHost.CreateDispatcherAsync(FunctionNames.Encrypt, new DictionaryEnvironmentVariables(values));

        var error = Assert.Throws<ConfigurationException>(() => dispatcher.Functions);
        Assert.Contains(SettingNames.BlindIndexKeySecretId, error.Message, StringComparison.Ordinal);
        Assert.Contains(SettingNames.BlindIndexKey + " ", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _extension.Calls);
    }

    [Fact]
    public async Task DispatcherWithoutColdStart_SecretId_ReadsTheKeyOnFirstUseOnly()
    {
        var arn = _extension.SetSecret("vaultflow/blind-index", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var environment = new DictionaryEnvironmentVariables(Values(arn, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        var dispatcher = HandlerFunctions.CreateDispatcher(services => services.AddSingleton<IEnvironmentVariables>(environment));
        _dispatchers.Add((IAsyncDisposable)dispatcher);
        Assert.Equal(0, _extension.Calls);

        var email = "nobody." + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        Assert.Null(await SearchAsync(dispatcher, email));
        Assert.Null(await SearchAsync(dispatcher, email));

        Assert.Equal(1, _extension.Calls);
    }

    private async Task<ILambdaFunctionDispatcher> ColdStartAsync(string function, string secretId, string rawKey)
    {
        var dispatcher = await HandlerHost.CreateDispatcherAsync(
            function,
            new DictionaryEnvironmentVariables(Values(secretId, rawKey)),
            services => services.AddLogging(logging => logging.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)));
        if (dispatcher is IAsyncDisposable disposable)
        {
            _dispatchers.Add(disposable);
        }

        return dispatcher;
    }

    private async Task<ILambdaFunctionDispatcher> LocalAsync(string blindIndexKey, string rawKey)
    {
        var values = Values(secretId: null, rawKey);
        values[SettingNames.BlindIndexKey] = blindIndexKey;
        var dispatcher = await HandlerHost.CreateDispatcherAsync(FunctionNames.GetRecord, new DictionaryEnvironmentVariables(values));
        _dispatchers.Add((IAsyncDisposable)dispatcher);
        return dispatcher;
    }

    private Dictionary<string, string> Values(string? secretId, string rawKey)
    {
        var values = new Dictionary<string, string>
        {
            [SettingNames.Region] = "us-east-1",
            [SettingNames.Database] = postgres.Database.AppConnectionString,
            [SettingNames.RawKey] = rawKey,
            ["AWS_SESSION_TOKEN"] = _extension.Token,
            ["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = _extension.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
        };
        if (secretId is not null)
        {
            values[SettingNames.BlindIndexKeySecretId] = secretId;
        }

        return values;
    }

    private static async Task<Guid> PersistAsync(ILambdaFunctionDispatcher dispatcher, string email)
    {
        var message = "{\"type\":\"user.created\",\"data\":{\"n\":1},\"search\":{\"email\":\"" + email + "\"}}";
        var input = WorkflowHarness.StarterInput(message, Guid.NewGuid().ToString());
        var name = WorkflowHarness.Quote(WorkflowHarness.NewExecutionName());
        var deduped = await InvokeAsync(dispatcher, FunctionNames.Dedupe, "{\"input\":" + input + ",\"executionName\":" + name + "}");
        var encrypted = await InvokeAsync(dispatcher, FunctionNames.Encrypt, "{\"workflow\":" + deduped + ",\"executionName\":" + name + "}");
        var persisted = await InvokeAsync(dispatcher, FunctionNames.Persist, "{\"workflow\":" + encrypted + ",\"executionName\":" + name + "}");
        using var output = JsonDocument.Parse(persisted);
        return output.RootElement.GetProperty("recordId").GetGuid();
    }

    /// <summary>The id of the one record GetRecord finds by <paramref name="email"/>, or null when it finds none.</summary>
    private static async Task<Guid?> SearchAsync(ILambdaFunctionDispatcher dispatcher, string email)
    {
        using var result = JsonDocument.Parse(await InvokeAsync(dispatcher, FunctionNames.GetRecord, "{\"search\":{\"email\":\"" + email + "\"}}"));
        var records = result.RootElement.GetProperty("records");
        return records.GetArrayLength() == 0 ? null : Assert.Single(records.EnumerateArray()).GetProperty("recordId").GetGuid();
    }

    private static async Task<string> InvokeAsync(ILambdaFunctionDispatcher dispatcher, string function, string payload) =>
        Encoding.UTF8.GetString(await dispatcher.InvokeAsync(function, Encoding.UTF8.GetBytes(payload), new TestLambdaContext(function), CancellationToken.None));

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
