using System.Text.Json;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Reader;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Workflow;

[Collection(PostgresCollection.Name)]
public sealed class RecordReaderTests(PostgresFixture postgres) : IDisposable
{
    private readonly WorkflowHarness _harness = new(postgres.App);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task GetAsync_ById_DecryptedMessage()
    {
        const string message = """{"type":"order.created","data":{"total":12.5,"name":"Zoë"}}""";
        var persisted = await _harness.RunAsync(WorkflowHarness.StarterInput(message, Guid.NewGuid().ToString()), WorkflowHarness.NewExecutionName());

        var result = await _harness.Reader.GetAsync(new GetRecordRequest { Id = persisted!.RecordId.ToString() }, CancellationToken.None);

        Assert.True(result.Found);
        var record = Assert.Single(result.Records);
        Assert.Equal(persisted.RecordId, record.RecordId);
        Assert.Equal("order.created", record.Type);
        Assert.Equal(CanonicalJson.SerializeToString(JsonDocument.Parse(message).RootElement), record.Message.GetRawText());
    }

    [Fact]
    public async Task GetAsync_ByEmail_MatchesNormalisedValueOnly()
    {
        var local = "ada" + Guid.NewGuid().ToString("N")[..8];
        var wanted = await _harness.RunAsync(WorkflowHarness.StarterInput($$$"""{"type":"p","data":{"n":1},"search":{"email":"{{{local}}}@Example.com"}}""", Guid.NewGuid().ToString()), WorkflowHarness.NewExecutionName());
        await _harness.RunAsync(WorkflowHarness.StarterInput($$$"""{"type":"p","data":{"n":2},"search":{"email":"other.{{{local}}}@example.com"}}""", Guid.NewGuid().ToString()), WorkflowHarness.NewExecutionName());

        var result = await _harness.Reader.GetAsync(new GetRecordRequest { Search = new RecordSearch { Email = $"  {local.ToUpperInvariant()}@EXAMPLE.COM " } }, CancellationToken.None);

        Assert.True(result.Found);
        Assert.Equal(wanted!.RecordId, Assert.Single(result.Records).RecordId);
    }

    [Fact]
    public async Task GetAsync_UnknownIdOrEmail_NotFoundResult()
    {
        var byId = await _harness.Reader.GetAsync(new GetRecordRequest { Id = Guid.NewGuid().ToString() }, CancellationToken.None);
        var byEmail = await _harness.Reader.GetAsync(new GetRecordRequest { Search = new RecordSearch { Email = "nobody-" + Guid.NewGuid() + "@example.com" } }, CancellationToken.None);

        Assert.False(byId.Found);
        Assert.Empty(byId.Records);
        Assert.Contains("No record has id", byId.NotFound, StringComparison.Ordinal);
        Assert.False(byEmail.Found);
        Assert.DoesNotContain("nobody", byEmail.NotFound, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_NeitherIdNorSearch_InvalidMessage()
    {
        var error = await Assert.ThrowsAsync<InvalidMessageException>(() => _harness.Reader.GetAsync(new GetRecordRequest(), CancellationToken.None));

        Assert.Equal(InvalidMessageReasons.MissingField, error.Reason);
    }
}
