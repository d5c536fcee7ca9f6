using System.Net;
using System.Net.Sockets;
using Vaultflow.Aws.Secrets;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;

namespace Vaultflow.IntegrationTests.Secrets;

/// <summary>The real extension client over HTTP against <see cref="FakeSecretsExtension"/>.</summary>
public sealed class SecretsExtensionSourceTests : IAsyncLifetime
{
    private const string Value = "Host=db.example;Username=app;Password=Pa55-not-in-messages";
    private readonly FakeSecretsExtension _extension = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _extension.DisposeAsync();

    [Fact]
    public async Task GetSecretStringAsync_ByArnWithToken_ReturnsSecretString()
    {
        // An ARN has ':' and '/' (the name here too): the id must reach the extension URL-encoded and intact.
        var arn = _extension.SetSecret("vaultflow/db", Value);
        using var source = Source(arn);

        Assert.Equal(Value, await source.GetSecretStringAsync());
        Assert.Equal(1, _extension.Calls);
    }

    [Fact]
    public async Task GetSecretStringAsync_WrongToken_ConfigurationErrorWithExtensionMessageAndNoRetry()
    {
        _extension.SetSecret("vaultflow/db", Value);
        using var source = Source("vaultflow/db", token: "someone-elses-token");

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => source.GetSecretStringAsync());

        Assert.Equal(SettingNames.DatabaseSecretId, error.Setting);
        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
        Assert.Contains("bad session token or header key", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_SESSION_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Pa55", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _extension.Calls);
    }

    [Fact]
    public async Task GetSecretStringAsync_NoSessionToken_ConfigurationErrorWithoutCallingTheExtension()
    {
        _extension.SetSecret("vaultflow/db", Value);
        using var source = new SecretsExtensionSource(Options("vaultflow/db") with { SessionToken = null });

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => source.GetSecretStringAsync());

        Assert.Equal("AWS_SESSION_TOKEN", error.Setting);
        Assert.Contains("VAULTFLOW_DB", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _extension.Calls);
    }

    [Fact]
    public async Task GetSecretStringAsync_UnknownSecret_ConfigurationErrorNamingTheSecretAndSetting()
    {
        using var source = Source("vaultflow/missing");

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => source.GetSecretStringAsync());

        Assert.Equal(SettingNames.DatabaseSecretId, error.Setting);
        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.Contains("'vaultflow/missing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("VAULTFLOW_DB_SECRET_ID", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _extension.Calls);
    }

    [Fact]
    public async Task GetSecretStringAsync_AccessDenied_ConfigurationErrorNamingThePermission()
    {
        _extension.SetSecret("vaultflow/db", Value);
        _extension.DenyAccess = true;
        using var source = Source("vaultflow/db");

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => source.GetSecretStringAsync());

        Assert.Contains("HTTP 403", error.Message, StringComparison.Ordinal);
        Assert.Contains("secretsmanager:GetSecretValue", error.Message, StringComparison.Ordinal);
        Assert.Contains("kms:Decrypt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSecretStringAsync_ExtensionNotReadyTwice_RetriesAndReturnsTheSecret()
    {
        _extension.SetSecret("vaultflow/db", Value);
        _extension.AnswerNotReady(2);
        using var source = Source("vaultflow/db");

        Assert.Equal(Value, await source.GetSecretStringAsync());
        Assert.Equal(3, _extension.Calls);
    }

    [Fact]
    public async Task GetSecretStringAsync_ServerErrorsOutlastTheAttempts_TransientErrorAfterMaxAttempts()
    {
        _extension.SetSecret("vaultflow/db", Value);
        _extension.AnswerServerError(100);
        using var source = Source("vaultflow/db");

        var error = await Assert.ThrowsAsync<TransientException>(() => source.GetSecretStringAsync());

        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 attempt(s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _extension.Calls);
    }

    [Fact]
    public async Task GetSecretStringAsync_NothingListening_TransientErrorAskingAboutTheLayer()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var source = new SecretsExtensionSource(Options("vaultflow/db") with { Endpoint = new Uri($"http://127.0.0.1:{port}") });

        var error = await Assert.ThrowsAsync<TransientException>(() => source.GetSecretStringAsync());

        Assert.Contains("layer", error.Message, StringComparison.Ordinal);
        Assert.Contains("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSecretStringAsync_BinarySecret_ConfigurationErrorAskingForAStringSecret()
    {
        _extension.SetBinarySecret("vaultflow/binary");
        using var source = Source("vaultflow/binary");

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => source.GetSecretStringAsync());

        Assert.Contains("SecretBinary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FakeExtension_NoSecretId_Answers400LikeTheExtension()
    {
        using var http = new HttpClient { BaseAddress = _extension.Endpoint };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/secretsmanager/get");
        request.Headers.Add(SecretsExtensionSource.TokenHeader, _extension.Token);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("secretId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_PortAndToken_ReadFromTheExtensionsVariables()
    {
        var variables = new Dictionary<string, string> { ["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = "2999", ["AWS_SESSION_TOKEN"] = "tok" };

        var options = SecretsExtensionOptions.FromEnvironment("arn:aws:secretsmanager:us-east-1:1:secret:x", name => variables.GetValueOrDefault(name));

        Assert.Equal(new Uri("http://localhost:2999"), options.Endpoint);
        Assert.Equal("tok", options.SessionToken);
        Assert.Equal(new Uri("http://localhost:2773"), SecretsExtensionOptions.FromEnvironment("x", _ => null).Endpoint);
        Assert.Equal(
            "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT",
            Assert.Throws<ConfigurationException>(() => SecretsExtensionOptions.FromEnvironment("x", name => name == "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT" ? "http" : null)).Setting);
    }

    private SecretsExtensionSource Source(string secretId, string? token = null) =>
        new(Options(secretId) with { SessionToken = token ?? _extension.Token });

    private SecretsExtensionOptions Options(string secretId) => new()
    {
        SecretId = secretId,
        Endpoint = _extension.Endpoint,
        SessionToken = _extension.Token,
        MaxAttempts = 3,
        RetryDelay = TimeSpan.FromMilliseconds(5),
    };
}
