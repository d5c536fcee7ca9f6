extern alias handlers;

using System.Text;
using System.Text.Json;
using handlers::Vaultflow.Handlers.Hosting;
using Npgsql;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.IntegrationTests.Corpus;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Kms;
using Vaultflow.IntegrationTests.Sqs;
using Vaultflow.IntegrationTests.StepFunctions;
using Vaultflow.IntegrationTests.Workflow;
using Vaultflow.Lambda.ExceptionHandling;

namespace Vaultflow.IntegrationTests.Security;

/// <summary>
/// Messages carrying a unique marker in their payload and e-mail, valid and poison, run through every
/// handler with a capturing logger at Trace. Afterwards neither the logs, nor the DLQ's failure details,
/// nor any column of the database hold the marker, the raw AES key, the blind-index key or the DB password.
/// The marker sits where message content lives (data names and values, search.email, key): an unknown
/// top-level field's NAME is contract structure and is named in the error (escaped, at most 64 characters)
/// so producers can find their typo.
/// </summary>
[Collection(WorkflowCollection.Name)]
public sealed class LogScanTests(PostgresFixture postgres, LocalSqsFixture sqs, LocalStepFunctionsFixture sfn)
{
    [Fact]
    public async Task Handlers_MessagesWithAMarker_NoMarkerOrSecretInLogsDlqDetailsOrDatabase()
    {
        var marker = "plain" + Guid.NewGuid().ToString("N")[..16];
        using var logs = new CapturingLoggerProvider();
        await using var stack = await CorpusStack.StartAsync(postgres, sqs, sfn, logs);
        var good = new SqsEventJson.Record(Guid.NewGuid().ToString(), "{\"type\":\"order.created\",\"data\":{\"secret\":\"" + marker + "\"},\"search\":{\"email\":\"" + marker + "@example.com\"}}");
        string[] poisonBodies =
        [
            "{\"type\":\"order.created\",\"data\":{\"" + marker + "\":\"" + marker + "\"},\"colour\":1}",
            "{\"type\":\"order.created\",\"data\":{\"" + marker + "\":1,\"" + marker + "\":2}}",
            "{\"type\":\"order.created\",\"key\":\"" + marker + "\\u0001\",\"data\":{}}",
            "{\"type\":\"" + marker + " X\",\"data\":{}}",
            "{\"type\":\"order.created\",\"data\":{\"s\":\"" + marker + "\"},\"search\":{\"email\":\"" + marker + "\\t\"}}",
            "{\"type\":\"order.created\",\"data\":{\"" + marker + "\":9007199254740993}}",
            "{\"type\":\"order.created\",\"data\":{\"" + marker + "\":\"\\ud800\"}}",
            "{\"type\":\"order.created\",\"data\":{\"" + marker + "\":tru",
        ];
        var poison = poisonBodies.Select(b => new SqsEventJson.Record(Guid.NewGuid().ToString(), b)).ToList();

        using var response = JsonDocument.Parse(await stack.InvokeAsync("Starter", SqsEventJson.Batch([good, .. poison])));
        Assert.Equal(0, response.RootElement.GetProperty("batchItemFailures").GetArrayLength());
        var execution = Assert.Single(await stack.ExecutionsAsync());
        var recordId = await stack.RunWorkflowAsync((await stack.Sfn.DescribeExecutionAsync(execution.ExecutionArn)).Input!);
        var byId = await stack.InvokeAsync("GetRecord", "{\"id\":\"" + recordId + "\"}");
        var byEmail = await stack.InvokeAsync("GetRecord", "{\"search\":{\"email\":\"" + marker.ToUpperInvariant() + "@example.com\"}}");
        Assert.Contains(marker, byId, StringComparison.Ordinal);
        Assert.Contains(recordId.ToString(), byEmail, StringComparison.Ordinal);
        await RouteConsoleFailureAsync(stack, "{\"message\":{\"type\":\"order.created\",\"data\":{\"s\":\"" + marker + "\"},\"search\":{\"email\":\"" + marker + "@example.com\"},\"colour\":true}}");

        var parked = await sqs.ReceiveAsync(stack.DlqUrl, poison.Count + 1);
        Assert.Equal(poison.Count + 1, parked.Count);
        var details = parked.Select(m => m.MessageAttributes[MessageAttributeNames.FailureDetail].StringValue).ToList();
        var lines = logs.Lines.ToList();
        Assert.True(lines.Count > 20, $"only {lines.Count} log lines: the capturing logger is not wired");
        var needles = new Dictionary<string, string>
        {
            ["marker"] = marker,
            ["raw AES key"] = stack.Settings[SettingNames.RawKey],
            ["blind-index key"] = stack.Settings[SettingNames.BlindIndexKey],
            ["AWS secret key"] = stack.Settings["AWS_SECRET_ACCESS_KEY"],
            ["DB password"] = new NpgsqlConnectionStringBuilder(postgres.Database.AppConnectionString).Password!,
        };
        Assert.All(needles, n => Assert.True(n.Value.Length >= 8, $"{n.Key} is too short to scan for"));
        foreach (var (what, needle) in needles)
        {
            Assert.True(!lines.Any(l => l.Contains(needle, StringComparison.Ordinal)), $"the {what} appears in a log line: " + lines.FirstOrDefault(l => l.Contains(needle, StringComparison.Ordinal)));
            Assert.DoesNotContain(details, d => d!.Contains(needle, StringComparison.Ordinal));
            Assert.Empty(await Db.ColumnsContainingAsync(postgres.Owner, needle));
        }
    }

    private static async Task RouteConsoleFailureAsync(CorpusStack stack, string input)
    {
        var name = WorkflowHarness.Quote(WorkflowHarness.NewExecutionName());
        var error = await Assert.ThrowsAsync<InvalidMessageException>(() => stack.InvokeAsync("Dedupe", "{\"input\":" + input + ",\"executionName\":" + name + "}"));
        Assert.Equal(InvalidMessageReasons.UnknownField, error.Reason);
        var payload = LambdaErrorPayloadFactory.Create(error, HandlerErrors.ResolveErrorType);
        var failure = "{\"Error\":" + WorkflowHarness.Quote(payload.ErrorType) + ",\"Cause\":" + WorkflowHarness.Quote(Encoding.UTF8.GetString(payload.ToUtf8Json())) + "}";
        await stack.InvokeAsync("RouteFailure", "{\"input\":" + input + ",\"failure\":" + failure + ",\"executionName\":" + name + "}");
    }
}
