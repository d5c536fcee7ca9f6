extern alias handlers;

using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Steps;
using handlers::Vaultflow.Handlers.Hosting;
using Vaultflow.IntegrationTests.Fixtures;
using HandlerFunctions = handlers::Vaultflow.Generated.LambdaFunctions;
using Vaultflow.IntegrationTests.Sqs;
using Vaultflow.IntegrationTests.Support;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.LocalInvoke;
using Vaultflow.Lambda.Logging;

namespace Vaultflow.IntegrationTests.Workflow;

/// <summary>
/// The real statemachine/ingest.asl.json on the local Step Functions engine, its Task states calling the
/// real handlers through the local Lambda Invoke endpoint: checks the step contracts, the Choice, the
/// Catch into RouteFailure and the Cause format as the engine produces them.
/// </summary>
[Collection(WorkflowCollection.Name)]
public sealed partial class IngestStateMachineTests(PostgresFixture postgres, LocalSqsFixture sqs) : IAsyncLifetime
{
    private ILambdaFunctionDispatcher _dispatcher = null!;
    private LocalInvokeServer _invoke = null!;
    private LambdaJsonLoggerProvider _logs = null!;
    private Process _sfnProcess = null!;
    private StepFunctionsClient _sfn = null!;
    private string _dlqUrl = null!;
    private string _stateMachineArn = null!;

    public async Task InitializeAsync()
    {
        _dlqUrl = await sqs.CreateQueueAsync("dlq");
        var ingestUrl = await sqs.CreateQueueAsync("ingest");
        var environment = new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            [SettingNames.Region] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDVAULTFLOWLOCAL",
            ["AWS_SECRET_ACCESS_KEY"] = "vaultflow-local-secret",
            ["AWS_ENDPOINT_URL_SQS"] = sqs.Endpoint.ToString(),
            [SettingNames.Database] = postgres.Database.AppConnectionString,
            [SettingNames.RawKey] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [SettingNames.BlindIndexKey] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [SettingNames.DlqUrl] = _dlqUrl,
            [SettingNames.IngestQueueUrl] = ingestUrl,
        });
        _dispatcher = HandlerFunctions.CreateDispatcher(services => services.AddSingleton<IEnvironmentVariables>(environment));
        _logs = new LambdaJsonLoggerProvider(new LambdaJsonLoggerOptions(Stream.Null, Microsoft.Extensions.Logging.LogLevel.Warning, TimeProvider.System));
        _invoke = await LocalInvokeServer.StartAsync(_dispatcher, new LocalInvokeOptions { LoggerProvider = _logs, ErrorTypeResolver = HandlerErrors.ResolveErrorType });
        _sfn = await StartStepFunctionsAsync(_invoke.BaseAddress);

        var definition = await File.ReadAllTextAsync(RepoRoot.Combine("statemachine", "ingest.asl.json"));
        foreach (var function in new[] { "Dedupe", "Encrypt", "Persist", "RouteFailure" })
        {
            definition = definition.Replace("${" + function + "FunctionArn}", "arn:aws:lambda:us-east-1:000000000000:function:" + function, StringComparison.Ordinal);
        }

        var machine = await _sfn.CreateStateMachineAsync(new CreateStateMachineRequest("ingest-" + Guid.NewGuid().ToString("N")[..12], definition, "arn:aws:iam::000000000000:role/local"));
        _stateMachineArn = machine.StateMachineArn;
    }

    public async Task DisposeAsync()
    {
        _sfn?.Dispose();
        if (_sfnProcess is { HasExited: false })
        {
            _sfnProcess.Kill(entireProcessTree: true);
        }

        _sfnProcess?.Dispose();
        await _invoke.DisposeAsync();
        await ((IAsyncDisposable)_dispatcher).DisposeAsync();
        _logs.Dispose();
    }

    [Fact]
    public async Task Execution_StarterInput_SucceedsWithOneRowAndNoPlaintextInTheOutput()
    {
        var messageId = Guid.NewGuid().ToString();
        var input = WorkflowHarness.StarterInput("""{"type":"order.created","data":{"secret":"s3cr3t-value"}}""", messageId);

        var execution = await RunAsync(ExecutionName.For(messageId, 0), input);

        Assert.True(execution.Status == "SUCCEEDED", $"{execution.Status}: {execution.Error} {execution.Cause}");
        using var output = JsonDocument.Parse(execution.Output!);
        Assert.True(output.RootElement.GetProperty("inserted").GetBoolean());
        Assert.DoesNotContain("s3cr3t-value", execution.Output, StringComparison.Ordinal);
        Assert.Equal(1, await Db.RecordsWithKeyAsync(postgres.Owner, messageId));
    }

    [Fact]
    public async Task Execution_StarterInput_NoHistoryEventFromEncryptsResultOnHoldsThePlaintext()
    {
        var messageId = Guid.NewGuid().ToString();
        var marker = "plain-marker-" + Guid.NewGuid().ToString("N");
        var message = $$$"""{"type":"order.created","data":{"secret":"{{{marker}}}","n":42},"search":{"email":"{{{marker}}}@example.com"}}""";
        var input = WorkflowHarness.StarterInput(message, messageId);

        var execution = await RunAsync(ExecutionName.For(messageId, 0), input);
        var history = await HistoryAsync(execution.ExecutionArn);

        Assert.True(execution.Status == "SUCCEEDED", $"{execution.Status}: {execution.Error} {execution.Cause}");

        // The local engine's equivalent of Encrypt's TaskSucceeded is its TaskStateExited: the event
        // that carries Encrypt's result. From there on, nothing may hold the message or a piece of it.
        var encryptDone = history.FindIndex(e => e.Type == "TaskStateExited" && StateName(e) == "Encrypt");
        Assert.True(encryptDone > 0, "no TaskStateExited for Encrypt in: " + string.Join(", ", history.Select(e => e.Type)));
        Assert.Contains(history[..encryptDone], e => EventText(e).Contains(marker, StringComparison.Ordinal)); // the scan does see plaintext where it is
        var after = history[encryptDone..];
        Assert.Contains(after, e => e.Type == "TaskStateEntered" && StateName(e) == "Persist");
        Assert.Contains(after, e => e.Type == "ExecutionSucceeded");
        var canonicalBase64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(CanonicalJsonOf(message)));
        foreach (var e in after)
        {
            var text = EventText(e);
            Assert.False(text.Contains(marker, StringComparison.Ordinal), $"event {e.Id} ({e.Type} {StateName(e)}) holds the plaintext marker");
            Assert.False(text.Contains(canonicalBase64, StringComparison.Ordinal), $"event {e.Id} ({e.Type} {StateName(e)}) holds the message as base64");
        }
    }

    [Fact]
    public async Task Execution_ConsoleInputTwiceWithDifferentNames_OneRowSecondEndsAsDuplicate()
    {
        var input = "{\"message\":{\"type\":\"console.test\",\"data\":{\"id\":\"" + Guid.NewGuid() + "\"}}}";
        var key = ContentHash.Compute(JsonDocument.Parse(input).RootElement.GetProperty("message"));

        var first = await RunAsync("console-" + Guid.NewGuid().ToString("N"), input);
        var second = await RunAsync("console-" + Guid.NewGuid().ToString("N"), input);

        Assert.True(first.Status == "SUCCEEDED", $"{first.Status}: {first.Error} {first.Cause}");
        Assert.Equal("SUCCEEDED", second.Status);
        Assert.True(JsonDocument.Parse(second.Output!).RootElement.GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, await Db.RecordsWithKeyAsync(postgres.Owner, key));
    }

    [Fact]
    public async Task Execution_InvalidInput_FailsAndTheMessageIsInTheDlqWithItsReason()
    {
        var name = "bad-" + Guid.NewGuid().ToString("N");
        const string input = """{"message":{"type":"t","data":{},"colour":"blue"}}""";

        var execution = await RunAsync(name, input);

        Assert.Equal("FAILED", execution.Status);
        Assert.Equal("Vaultflow.Failed", execution.Error);
        var parked = Assert.Single(await sqs.ReceiveAsync(_dlqUrl, 1));
        Assert.Equal("""{"type":"t","data":{},"colour":"blue"}""", parked.Body);
        Assert.Equal(InvalidMessageReasons.UnknownField, parked.MessageAttributes[MessageAttributeNames.Failure].StringValue);
        Assert.Equal(1, await Db.CountAsync(postgres.Owner, "SELECT count(*) FROM failures WHERE execution_name = @n AND reason = 'unknown-field'", ("n", name)));
    }

    [Fact]
    public async Task Execution_DlqGone_FailsAtRouteFailureWithDeadLetterRefusedNotRetriedAndAFailureRow()
    {
        await sqs.Client.DeleteQueueAsync(_dlqUrl);
        var name = "gone-" + Guid.NewGuid().ToString("N");
        const string input = """{"message":{"type":"t","data":{"secret":"s3cr3t-value"},"colour":"blue"}}""";

        var execution = await RunAsync(name, input);

        Assert.Equal("FAILED", execution.Status);
        Assert.Equal("Vaultflow.DeadLetterRefused", execution.Error);
        Assert.Contains("redrive", execution.Cause, StringComparison.Ordinal);
        Assert.Contains(name, execution.Cause, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", execution.Cause, StringComparison.Ordinal);

        // Not retried: RouteFailure's Retry has no entry for it, so its ledger row saw one attempt.
        Assert.Equal(1, await Db.AttemptsAsync(postgres.Owner, name, StepNames.RouteFailure));
        Assert.Equal(1, await Db.CountAsync(postgres.Owner, "SELECT count(*) FROM failures WHERE execution_name = @n AND reason = 'dlq-refused' AND cause NOT LIKE '%s3cr3t-value%'", ("n", name)));
    }

    private async Task<DescribeExecutionResponse> RunAsync(string name, string input)
    {
        var started = await _sfn.StartExecutionAsync(new StartExecutionRequest(_stateMachineArn, name, input));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var execution = await _sfn.DescribeExecutionAsync(started.ExecutionArn);
            if (execution.Status != "RUNNING" || DateTime.UtcNow > deadline)
            {
                return execution;
            }

            await Task.Delay(100);
        }
    }

    private async Task<List<HistoryEvent>> HistoryAsync(string executionArn)
    {
        var events = new List<HistoryEvent>();
        string? nextToken = null;
        do
        {
            var page = await _sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest(executionArn, NextToken: nextToken));
            events.AddRange(page.Events);
            nextToken = page.NextToken;
        }
        while (nextToken is not null);

        return events;
    }

    /// <summary>Everything an event says: its type and every details object as raw JSON (data strings included).</summary>
    private static string EventText(HistoryEvent e) =>
        e.Type + string.Concat((e.Details ?? []).Select(d => d.Key + d.Value.GetRawText()));

    private static string? StateName(HistoryEvent e) =>
        (e.Details ?? []).Values.Select(d => d.ValueKind == JsonValueKind.Object && d.TryGetProperty("name", out var n) ? n.GetString() : null).FirstOrDefault(n => n is not null);

    private static string CanonicalJsonOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CanonicalJson.SerializeToString(document.RootElement);
    }

    private async Task<StepFunctionsClient> StartStepFunctionsAsync(Uri lambdaEndpoint)
    {
        var node = RepoRoot.Combine("local", "node_modules", "node", "bin", "node");
        var start = new ProcessStartInfo(node, [RepoRoot.Combine("local", "sfn-server.mjs"), "--port", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDVAULTFLOWLOCAL";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "vaultflow-local-secret";
        start.Environment["AWS_ENDPOINT_URL_LAMBDA"] = lambdaEndpoint.ToString().TrimEnd('/');
        _sfnProcess = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await _sfnProcess.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("sfn-server exited");
        var match = ListeningLine().Match(line);
        Assert.True(match.Success, "unexpected first line from sfn-server: " + line);
        return new StepFunctionsClient(new StepFunctionsClientOptions("us-east-1", new Uri(match.Groups[1].Value + "/"), new BasicAWSCredentials("AKIDLOCAL", "local-secret")));
    }

    [GeneratedRegex("listening on (http://127\\.0\\.0\\.1:\\d+)")]
    private static partial Regex ListeningLine();
}
