using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Workflow.Reader;
using Vaultflow.Core.Workflow.Steps;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Workflow;

namespace Vaultflow.IntegrationTests.Security;

/// <summary>
/// The blind index is truncated on purpose, so rows share it. A search must decrypt every candidate and
/// return only rows whose e-mail really matches: a shared index is a hint, never a match.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BlindIndexCollisionTests(PostgresFixture postgres) : IDisposable
{
    private readonly WorkflowHarness _harness = new(postgres.App);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Search_RowCraftedToShareTheBlindIndex_ReturnsOnlyTheRealMatch()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var wanted = await PersistAsync($"ada-{run}@example.com");
        var impostor = await PersistAsync($"eve-{run}@example.com");

        // Someone with write access makes the impostor's row answer the wanted address's index.
        await using (var command = postgres.Owner.CreateCommand("UPDATE records SET blind_index = (SELECT blind_index FROM records WHERE id = @w) WHERE id = @i"))
        {
            command.Parameters.AddWithValue("w", wanted);
            command.Parameters.AddWithValue("i", impostor);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Assert.Equal(2, (await _harness.Store.FindByBlindIndexAsync(_harness.BlindIndexer.Compute(EncryptStep.EmailField, $"ada-{run}@example.com"), 10, CancellationToken.None)).Count);
        var result = await _harness.Reader.GetAsync(new GetRecordRequest { Search = new RecordSearch { Email = $"ADA-{run}@example.com" } }, CancellationToken.None);

        Assert.True(result.Found);
        Assert.Equal(wanted, Assert.Single(result.Records).RecordId);
    }

    [Fact]
    public async Task Search_OneBitIndexWhereEveryRowCollides_ReturnsExactlyTheRowsWithThatAddress()
    {
        // A 1-bit index: about half of all rows share any value's index.
        using var tiny = new BlindIndexer(RandomNumberGenerator.GetBytes(32), lengthBits: 1);
        var encrypt = new EncryptStep(_harness.Ledger, _harness.Encryptor, tiny, NullLogger<EncryptStep>.Instance);
        var reader = new RecordReader(_harness.Store, _harness.Encryptor, new BlindIndexKeySet(tiny), NullLogger<RecordReader>.Instance);
        var run = Guid.NewGuid().ToString("N")[..10];
        var pool = Enumerable.Range(0, 64).Select(i => $"user{i}-{run}@example.com").ToList();
        var target = pool[0];
        var index = tiny.Compute(EncryptStep.EmailField, target);
        var colliding = pool.Skip(1).Where(a => tiny.Compute(EncryptStep.EmailField, a) == index).Take(4).ToList();
        var other = pool.Skip(1).Where(a => tiny.Compute(EncryptStep.EmailField, a) != index).Take(2).ToList();
        Assert.NotEmpty(colliding);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var address in colliding.Append(target).Concat(other))
        {
            ids[address] = await PersistAsync(address, encrypt);
        }

        Assert.True((await _harness.Store.FindByBlindIndexAsync(index, 100, CancellationToken.None)).Count > colliding.Count);

        var result = await reader.GetAsync(new GetRecordRequest { Search = new RecordSearch { Email = target } }, CancellationToken.None);

        Assert.Equal(ids[target], Assert.Single(result.Records).RecordId);
    }

    private async Task<Guid> PersistAsync(string email, EncryptStep? encrypt = null)
    {
        var input = WorkflowHarness.StarterInput("{\"type\":\"p\",\"data\":{},\"search\":{\"email\":\"" + email + "\"}}", Guid.NewGuid().ToString());
        var name = WorkflowHarness.NewExecutionName();
        if (encrypt is null)
        {
            return (await _harness.RunAsync(input, name))!.RecordId;
        }

        var deduped = await _harness.DedupeAsync(input, name, "req-d-" + name);
        var request = System.Text.Json.JsonSerializer.Deserialize(
            "{\"workflow\":" + deduped + ",\"executionName\":" + WorkflowHarness.Quote(name) + "}",
            Vaultflow.Core.Workflow.Contracts.WorkflowStepsJsonContext.Default.EncryptRequest)!;
        var encrypted = await encrypt.RunAsync(request, WorkflowHarness.Invocation("req-e-" + name), CancellationToken.None);
        var state = System.Text.Json.JsonSerializer.Serialize(encrypted, Vaultflow.Core.Workflow.Contracts.WorkflowStepsJsonContext.Default.EncryptedState);
        return (await _harness.PersistAsync(state, name, "req-p-" + name)).RecordId;
    }
}
