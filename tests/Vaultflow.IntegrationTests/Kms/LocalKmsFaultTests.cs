using System.Net.Http.Json;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Vaultflow.Aws.Kms;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Errors;
using Vaultflow.Local.Kms;

namespace Vaultflow.IntegrationTests.Kms;

/// <summary>The fault switch and counters; each test owns its server, so counts are exact.</summary>
public sealed class LocalKmsFaultTests : IAsyncLifetime
{
    private static readonly EncryptionContext Context = EncryptionContext.ForApplication("vaultflow-tests", "faults");

    private readonly HttpClient _http = new();
    private LocalKmsServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalKmsFixture.StartServerAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ThrottleNext2_WithoutSdkRetries_KeyringThrowsTransientTwiceThenSucceeds()
    {
        using var client = LocalKmsFixture.CreateClient(_server, maxErrorRetry: 0);
        var keyring = new KmsKeyring(client, new KmsKeyringOptions { KeyId = LocalKmsFixture.Alias });
        await PostFaultsAsync(new { throttleNext = 2, resetCounters = true });

        var first = await Assert.ThrowsAsync<TransientException>(() => keyring.GenerateDataKeyAsync(Context, CancellationToken.None));
        var second = await Assert.ThrowsAsync<TransientException>(() => keyring.GenerateDataKeyAsync(Context, CancellationToken.None));
        using var dataKey = await keyring.GenerateDataKeyAsync(Context, CancellationToken.None);

        Assert.Contains("ThrottlingException", first.Message, StringComparison.Ordinal);
        Assert.Contains("GenerateDataKey", first.Message, StringComparison.Ordinal);
        Assert.Contains("retryable", first.Message, StringComparison.Ordinal);
        Assert.Contains("quota", first.Message, StringComparison.Ordinal);
        Assert.True(second.IsRetryable);
        Assert.Equal(ErrorTypes.Transient, second.ErrorType);
        var status = await GetFaultsAsync();
        Assert.Equal(3, status.GetProperty("calls").GetProperty("GenerateDataKey").GetInt64());
        Assert.Equal(2, status.GetProperty("throttled").GetProperty("GenerateDataKey").GetInt64());
        Assert.Equal(0, status.GetProperty("throttleNext").GetInt32());
    }

    [Fact]
    public async Task ThrottleNext2_WithSdkDefaultRetries_SucceedsOnTheThirdAttempt()
    {
        using var client = LocalKmsFixture.CreateClient(_server);
        var keyring = new KmsKeyring(client, new KmsKeyringOptions { KeyId = LocalKmsFixture.Alias });
        _server.Faults.Configure(new Local.Kms.Faults.KmsFaultSettings(ThrottleNext: 2));

        using var dataKey = await keyring.GenerateDataKeyAsync(Context, CancellationToken.None);

        Assert.Equal(32, dataKey.Plaintext.Length);
        Assert.Equal(3, _server.Faults.CallCount("GenerateDataKey"));
        Assert.Equal(2, _server.Faults.ThrottledCount("GenerateDataKey"));
    }

    [Fact]
    public async Task ThrottleRateOne_ThrottlesEveryCall_UntilTurnedOff()
    {
        using var client = LocalKmsFixture.CreateClient(_server, maxErrorRetry: 0);
        await PostFaultsAsync(new { throttleRate = 1.0 });

        var error = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(
            () => client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = LocalKmsFixture.Alias }));
        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);

        await PostFaultsAsync(new { throttleRate = 0.0 });
        var described = await client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = LocalKmsFixture.Alias });
        Assert.True(described.KeyMetadata.Enabled);
    }

    [Fact]
    public async Task ThrottleRate_WithTheSameSeed_ThrottlesTheSameCalls()
    {
        using var client = LocalKmsFixture.CreateClient(_server, maxErrorRetry: 0);

        async Task<string> PatternAsync()
        {
            await PostFaultsAsync(new { throttleRate = 0.5, seed = 42 });
            var pattern = new char[24];
            for (var i = 0; i < pattern.Length; i++)
            {
                try
                {
                    await client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = LocalKmsFixture.Alias });
                    pattern[i] = '.';
                }
                catch (AmazonKeyManagementServiceException e) when (e.ErrorCode == "ThrottlingException")
                {
                    pattern[i] = 'T';
                }
            }

            return new string(pattern);
        }

        var first = await PatternAsync();
        var second = await PatternAsync();

        Assert.Equal(first, second);
        Assert.Contains('T', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task Counters_CountCallsPerOperation_AndResetOnRequest()
    {
        using var client = LocalKmsFixture.CreateClient(_server);
        await PostFaultsAsync(new { resetCounters = true });
        var encrypted = await client.EncryptAsync(new EncryptRequest { KeyId = LocalKmsFixture.Alias, Plaintext = new MemoryStream([1]) });
        await client.EncryptAsync(new EncryptRequest { KeyId = LocalKmsFixture.Alias, Plaintext = new MemoryStream([2]) });
        await client.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob });
        await Assert.ThrowsAsync<NotFoundException>(() => client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/missing" }));

        var status = await GetFaultsAsync();
        var calls = status.GetProperty("calls");
        Assert.Equal(2, calls.GetProperty("Encrypt").GetInt64());
        Assert.Equal(1, calls.GetProperty("Decrypt").GetInt64());
        Assert.Equal(1, calls.GetProperty("DescribeKey").GetInt64());
        Assert.False(calls.TryGetProperty("GenerateDataKey", out _));

        await PostFaultsAsync(new { resetCounters = true });
        Assert.Equal(0, _server.Faults.CallCount("Encrypt"));
    }

    [Fact]
    public async Task FaultAdmin_InvalidRate_Returns400AndKeepsSettings()
    {
        await PostFaultsAsync(new { throttleNext = 1 });

        using var response = await _http.PostAsJsonAsync(_server.FaultsUri, new { throttleRate = 1.5 });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, _server.Faults.Snapshot().Settings.ThrottleNext);
    }

    private async Task PostFaultsAsync(object settings)
    {
        using var response = await _http.PostAsJsonAsync(_server.FaultsUri, settings);
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> GetFaultsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(_server.FaultsUri));
        return document.RootElement.Clone();
    }
}
