using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Crypto.Keyrings;
using Vaultflow.Core.Storage;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Storage;

namespace Vaultflow.IntegrationTests.Cli;

[Collection(PostgresCollection.Name)]
public sealed class GetCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Get_ByIdAndByEmail_DecryptsWhatTheWorkflowStored()
    {
        var rawKey = RandomNumberGenerator.GetBytes(32);
        var blindKey = RandomNumberGenerator.GetBytes(32);
        var email = $"ada-{Guid.NewGuid():N}@example.com";
        var message = $$$"""{"type":"customer.created","key":"{{{TestRecords.NewKey()}}}","data":{"name":"Ada"},"search":{"email":"{{{email}}}"}}""";
        var id = Guid.CreateVersion7();
        var key = JsonDocument.Parse(message).RootElement.GetProperty("key").GetString()!;

        // Written the way Encrypt + Persist do: envelope under the raw keyring, blind index of the e-mail.
        using (var keyring = new RawAesKeyring("vaultflow", rawKey))
        using (var indexer = new BlindIndexer(blindKey))
        {
            var encryptor = new EnvelopeEncryptor(new CachingDataKeyProvider(keyring, DataKeyCacheOptions.Disabled), EncryptionContext.ForApplication("vaultflow", "record"));
            var ciphertext = await encryptor.EncryptAsync(Encoding.UTF8.GetBytes(message), new RecordBinding(id, key), new EncryptOptions(), CancellationToken.None);
            await TestRecords.Store(postgres.App).PersistAsync(new NewRecord(id, key, "customer.created", ciphertext, keyring.KeyId, indexer.Compute("email", email), "msg-1", "exec-1"));
        }

        var stateDir = Directory.CreateTempSubdirectory("vaultflow-get-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(stateDir, "local.json"), JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["region"] = "us-east-1",
                ["postgres"] = postgres.Database.AppConnectionString,
                ["rawKey"] = Convert.ToBase64String(rawKey),
                ["blindIndexKey"] = Convert.ToBase64String(blindKey),
            }));
            var stack = new CliStackRunner(stateDir);

            var byId = await stack.RunAsync("get", id.ToString(), "--json");
            var byEmail = await stack.RunAsync("get", "--search", "email=" + email.ToUpperInvariant());
            var missing = await stack.RunAsync("get", Guid.NewGuid().ToString());

            Assert.True(byId.ExitCode == 0, byId.Err);
            using var found = JsonDocument.Parse(byId.Out);
            var record = Assert.Single(found.RootElement.GetProperty("records").EnumerateArray());
            Assert.Equal(id.ToString(), record.GetProperty("recordId").GetString());
            Assert.Equal("Ada", record.GetProperty("message").GetProperty("data").GetProperty("name").GetString());
            Assert.True(byEmail.ExitCode == 0, byEmail.Err);
            Assert.Contains(id.ToString(), byEmail.Out, StringComparison.Ordinal);
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("No record has id", missing.Err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }
}

/// <summary>Runs the CLI in-process against a state directory.</summary>
internal sealed class CliStackRunner(string stateDir)
{
    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new Vaultflow.Core.Configuration.DictionaryEnvironmentVariables(new Dictionary<string, string> { ["VAULTFLOW_STATE_DIR"] = stateDir });
        var code = await Vaultflow.Cli.Program.RunAsync(args, output, error, new Vaultflow.Cli.Configuration.CliHost(env, stateDir, TextReader.Null, Interactive: false));
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
