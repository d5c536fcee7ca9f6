using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Vaultflow.Local.Kms;

namespace Vaultflow.IntegrationTests.Kms;

/// <summary>The key store file: survives restarts, and is readable by its owner only.</summary>
public sealed class LocalKmsPersistenceTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"vaultflow-kms-{Guid.NewGuid():N}");

    private string StorePath => Path.Combine(_folder, "nested", "kms-keys.json");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task KeyStore_AfterRestart_DecryptsOldBlobsAndKeepsAliases()
    {
        var options = new LocalKmsOptions { KeyStorePath = StorePath, BootstrapAlias = LocalKmsFixture.Alias };
        byte[] blob;
        byte[] plaintext;
        string keyArn;
        await using (var first = await LocalKmsServer.StartAsync(options, CancellationToken.None))
        using (var client = LocalKmsFixture.CreateClient(first))
        {
            var generated = await client.GenerateDataKeyAsync(new GenerateDataKeyRequest
            {
                KeyId = LocalKmsFixture.Alias,
                KeySpec = DataKeySpec.AES_256,
                EncryptionContext = new() { ["app"] = "vaultflow" },
            });
            blob = generated.CiphertextBlob.ToArray();
            plaintext = generated.Plaintext.ToArray();
            keyArn = generated.KeyId;
        }

        await using var second = await LocalKmsServer.StartAsync(options, CancellationToken.None);
        using var secondClient = LocalKmsFixture.CreateClient(second);
        var decrypted = await secondClient.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = new MemoryStream(blob),
            EncryptionContext = new() { ["app"] = "vaultflow" },
        });
        var described = await secondClient.DescribeKeyAsync(new DescribeKeyRequest { KeyId = LocalKmsFixture.Alias });

        Assert.Equal(plaintext, decrypted.Plaintext.ToArray());
        Assert.Equal(keyArn, decrypted.KeyId);
        Assert.Equal(keyArn, described.KeyMetadata.Arn);
        var aliases = await secondClient.ListAliasesAsync(new ListAliasesRequest());
        Assert.Single(aliases.Aliases, a => a.AliasName == LocalKmsFixture.Alias);
    }

    [Fact]
    public async Task KeyStoreFile_IsCreatedOwnerReadWriteOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only.
        }

        await using var server = await LocalKmsServer.StartAsync(new LocalKmsOptions { KeyStorePath = StorePath, BootstrapAlias = "alias/perm" }, CancellationToken.None);
        using var client = LocalKmsFixture.CreateClient(server);
        await client.CreateKeyAsync(new CreateKeyRequest { Description = "second key rewrites the file" });

        Assert.Equal(Path.GetFullPath(StorePath), server.KeyStorePath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(StorePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(StorePath)!));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(StorePath)!, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task KeyStoreFile_WithLooserPermissions_IsTightenedOnStart()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only.
        }
        await using (await LocalKmsServer.StartAsync(new LocalKmsOptions { KeyStorePath = StorePath, BootstrapAlias = "alias/perm" }, CancellationToken.None))
        {
        }

        File.SetUnixFileMode(StorePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var restarted = await LocalKmsServer.StartAsync(new LocalKmsOptions { KeyStorePath = StorePath }, CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(StorePath));
    }

    [Fact]
    public async Task InMemoryMode_ForgetsKeysOnRestart()
    {
        byte[] blob;
        await using (var first = await LocalKmsFixture.StartServerAsync())
        using (var client = LocalKmsFixture.CreateClient(first))
        {
            var encrypted = await client.EncryptAsync(new EncryptRequest { KeyId = LocalKmsFixture.Alias, Plaintext = new MemoryStream([1, 2]) });
            blob = encrypted.CiphertextBlob.ToArray();
        }

        await using var second = await LocalKmsFixture.StartServerAsync();
        using var secondClient = LocalKmsFixture.CreateClient(second);

        Assert.Null(second.KeyStorePath);
        await Assert.ThrowsAsync<InvalidCiphertextException>(() => secondClient.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }));
    }
}
