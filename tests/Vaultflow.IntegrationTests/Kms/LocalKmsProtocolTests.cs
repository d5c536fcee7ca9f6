using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Vaultflow.Aws.Kms;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Errors;

namespace Vaultflow.IntegrationTests.Kms;

/// <summary>The wire protocol itself, spoken with a plain HttpClient where the SDK would hide it.</summary>
[Collection(LocalKmsCollection.Name)]
public sealed class LocalKmsProtocolTests(LocalKmsFixture kms) : IDisposable
{
    private const string FakeAuthorization = "AWS4-HMAC-SHA256 Credential=AKIDVAULTFLOWLOCAL/20260101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=00";

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Post_WithoutAuthorization_Returns400MissingAuthenticationToken()
    {
        using var response = await SendAsync("DescribeKey", $"{{\"KeyId\":\"{LocalKmsFixture.Alias}\"}}", authorization: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("MissingAuthenticationTokenException", body.RootElement.GetProperty("__type").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task KeyringWithUnsignedClient_IsRejected_AsConfigurationError()
    {
        var config = new AmazonKeyManagementServiceConfig { ServiceURL = kms.Server.Uri.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
        using var anonymous = new AmazonKeyManagementServiceClient(new AnonymousAWSCredentials(), config);
        var keyring = new KmsKeyring(anonymous, new KmsKeyringOptions { KeyId = LocalKmsFixture.Alias });

        var error = await Assert.ThrowsAsync<ConfigurationException>(
            () => keyring.GenerateDataKeyAsync(EncryptionContext.ForApplication("a", "b"), CancellationToken.None));

        Assert.Contains("MissingAuthenticationTokenException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MalformedAuthorization_Returns400IncompleteSignature()
    {
        using var response = await SendAsync("DescribeKey", "{}", authorization: "Bearer abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("IncompleteSignatureException", Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
    }

    [Fact]
    public async Task Post_UnknownTarget_Returns400UnknownOperation()
    {
        using var response = await SendAsync("Sign", "{}", FakeAuthorization);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("UnknownOperationException", Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
    }

    [Fact]
    public async Task Post_InvalidJson_Returns400Serialization()
    {
        using var response = await SendAsync("DescribeKey", "{\"KeyId\": ", FakeAuthorization);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("SerializationException", Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
    }

    [Fact]
    public async Task GenerateDataKey_OverTheWire_ReturnsBase64BlobsAndTheKeyArn_WithoutPlaintextOnlyWhenAsked()
    {
        using var withPlaintext = await SendAsync("GenerateDataKey", $"{{\"KeyId\":\"{LocalKmsFixture.Alias}\",\"KeySpec\":\"AES_256\",\"EncryptionContext\":{{\"k\":\"v\"}}}}", FakeAuthorization);
        using var withoutPlaintext = await SendAsync("GenerateDataKeyWithoutPlaintext", $"{{\"KeyId\":\"{LocalKmsFixture.Alias}\",\"NumberOfBytes\":32}}", FakeAuthorization);

        Assert.Equal(HttpStatusCode.OK, withPlaintext.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", withPlaintext.Content.Headers.ContentType?.MediaType);
        using var full = JsonDocument.Parse(await withPlaintext.Content.ReadAsStringAsync());
        Assert.Equal(32, Convert.FromBase64String(full.RootElement.GetProperty("Plaintext").GetString()!).Length);
        Assert.Equal(32 + 45, Convert.FromBase64String(full.RootElement.GetProperty("CiphertextBlob").GetString()!).Length);
        Assert.StartsWith("arn:aws:kms:us-east-1:000000000000:key/", full.RootElement.GetProperty("KeyId").GetString(), StringComparison.Ordinal);
        using var bare = JsonDocument.Parse(await withoutPlaintext.Content.ReadAsStringAsync());
        Assert.False(bare.RootElement.TryGetProperty("Plaintext", out _));
        Assert.True(bare.RootElement.TryGetProperty("CiphertextBlob", out _));
    }

    [Fact]
    public async Task Server_ListensOn127001Only()
    {
        var server = kms.Server;

        Assert.Equal("127.0.0.1", server.Uri.Host);
        Assert.NotEmpty(server.BoundAddresses);
        Assert.All(server.BoundAddresses, address => Assert.Equal("127.0.0.1", address.Host));
        Assert.False(await CanConnectAsync(IPAddress.IPv6Loopback, server.Uri.Port));
        foreach (var address in NonLoopbackAddresses())
        {
            Assert.False(await CanConnectAsync(address, server.Uri.Port), $"reachable on {address}");
        }
    }

    [Fact]
    public async Task StartAsync_PortInUse_ThrowsIOExceptionNamingThePort()
    {
        var port = kms.Server.Uri.Port;

        var error = await Assert.ThrowsAsync<IOException>(
            () => Local.Kms.LocalKmsServer.StartAsync(new Local.Kms.LocalKmsOptions { Port = port }, CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, string json, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, kms.Server.Uri)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Headers.Add("X-Amz-Target", $"TrentService.{operation}");
        request.Headers.Add("X-Amz-Date", "20260101T000000Z");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await _http.SendAsync(request);
    }

    private static async Task<bool> CanConnectAsync(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static IEnumerable<IPAddress> NonLoopbackAddresses() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Select(u => u.Address)
        .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
