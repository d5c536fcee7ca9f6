using System.Net.Http.Json;
using System.Text.Json;
using Vaultflow.IntegrationTests.LocalStack;

namespace Vaultflow.IntegrationTests.EndToEnd;

/// <summary>
/// A stack of its own: a fresh process (cold data-key cache, so the first Encrypt must call KMS) with the
/// SDK's own retries off (AWS_MAX_ATTEMPTS=1), so each throttled GenerateDataKey fails the Encrypt step and
/// the state machine's Retry on Vaultflow.Transient is what recovers.
/// </summary>
public sealed class ThrottledKmsStackFixture : LocalStackFixture
{
    protected override IReadOnlyDictionary<string, string>? Environment { get; } = new Dictionary<string, string> { ["AWS_MAX_ATTEMPTS"] = "1" };
}

public sealed class KmsThrottleEndToEndTests(ThrottledKmsStackFixture fixture) : IClassFixture<ThrottledKmsStackFixture>
{
    [Fact]
    public async Task Encrypt_KmsThrottledTwice_SucceedsOnRetryAndTheLedgerShowsThreeAttempts()
    {
        var client = new StackClient(fixture);
        var key = $"throttled-{Guid.NewGuid():N}";
        await fixture.SetKmsFaultsAsync(new { throttleNext = 2, resetCounters = true });

        await client.SendAsync($$$"""{"type":"order.created","key":"{{{key}}}","data":{"total":1}}""");

        var rows = await Eventually.WaitAsync(() => client.RowsAsync([key]), r => r.Count == 1, TimeSpan.FromSeconds(90), "the throttled message's row");
        Assert.Equal($$$"""{"data":{"total":1},"key":"{{{key}}}","type":"order.created"}""", await client.DecryptAsync(rows[0]));
        await using var command = fixture.Owner.CreateCommand("SELECT status, attempts FROM idempotency_steps WHERE idempotency_key = $1 AND step = 'encrypt'");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("completed", reader.GetString(0));
        Assert.Equal(3, reader.GetInt32(1));

        using var http = new HttpClient();
        var faults = await http.GetFromJsonAsync<JsonElement>(new Uri(new Uri(fixture.Stack.KmsEndpoint), "_vaultflow/kms/faults"));
        Assert.Equal(2, faults.GetProperty("throttled").GetProperty("GenerateDataKey").GetInt64());
    }
}
