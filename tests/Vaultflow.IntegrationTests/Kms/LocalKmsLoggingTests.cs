using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Microsoft.Extensions.Logging;
using Vaultflow.Local.Kms;

namespace Vaultflow.IntegrationTests.Kms;

/// <summary>What the local KMS logs: operations and error types, never key material or plaintext.</summary>
public sealed class LocalKmsLoggingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"vaultflow-kms-log-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Logs_AtTraceLevel_NameOperationsButNeverKeyMaterialOrPlaintext()
    {
        using var provider = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var storePath = Path.Combine(_folder, "keys.json");
        var secrets = new List<byte[]>();
        await using (var server = await LocalKmsServer.StartAsync(new LocalKmsOptions { KeyStorePath = storePath, BootstrapAlias = LocalKmsFixture.Alias, LoggerFactory = loggerFactory }, CancellationToken.None))
        using (var client = LocalKmsFixture.CreateClient(server, maxErrorRetry: 0))
        {
            var generated = await client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = LocalKmsFixture.Alias, KeySpec = DataKeySpec.AES_256, EncryptionContext = new() { ["a"] = "b" } });
            secrets.Add(generated.Plaintext.ToArray());
            var decrypted = await client.DecryptAsync(new DecryptRequest { CiphertextBlob = generated.CiphertextBlob, EncryptionContext = new() { ["a"] = "b" } });
            secrets.Add(decrypted.Plaintext.ToArray());
            await Assert.ThrowsAsync<InvalidCiphertextException>(() => client.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(generated.CiphertextBlob.ToArray()) }));
            server.Faults.Configure(new Local.Kms.Faults.KmsFaultSettings(ThrottleNext: 1));
            await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = LocalKmsFixture.Alias }));
        }

        using (var store = JsonDocument.Parse(await File.ReadAllTextAsync(storePath)))
        {
            secrets.AddRange(store.RootElement.GetProperty("keys").EnumerateArray().Select(k => Convert.FromBase64String(k.GetProperty("material").GetString()!)));
        }

        var log = string.Join('\n', provider.Lines);
        Assert.Contains("GenerateDataKey succeeded", log, StringComparison.Ordinal);
        Assert.Contains("InvalidCiphertextException", log, StringComparison.Ordinal);
        Assert.Contains("ThrottlingException", log, StringComparison.Ordinal);
        Assert.Equal(3, secrets.Count);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(Convert.ToBase64String(secret), log, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(secret), log, StringComparison.OrdinalIgnoreCase);
        }
    }
}
