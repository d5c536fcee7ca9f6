using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.Generated;
using Vaultflow.Handlers.Hosting;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Sqs;
using Vaultflow.IntegrationTests.StepFunctions;
using Vaultflow.Lambda.ExceptionHandling;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.IntegrationTests.Workflow;

/// <summary>
/// Every function through the generated dispatcher, in process, with the services Startup wires from a
/// DictionaryEnvironmentVariables (as the local stack does): real database, local SQS, local Step
/// Functions, raw AES keyring. Payloads are shaped exactly as the state machine and SQS pass them.
/// </summary>
[Collection(WorkflowCollection.Name)]
public sealed class HandlersDispatcherTests(PostgresFixture postgres, LocalSqsFixture sqs, LocalStepFunctionsFixture sfn) : IAsyncLifetime
{
    private ILambdaFunctionDispatcher _dispatcher = null!;
    private string _dlqUrl = null!;
    private string _stateMachineArn = null!;
    private StepFunctionsClient _sfnClient = null!;

    public async Task InitializeAsync()
    {
        _dlqUrl = await sqs.CreateQueueAsync("dlq");
        var ingestUrl = await sqs.CreateQueueAsync("ingest");
        _sfnClient = sfn.Client();
        var machine = await _sfnClient.CreateStateMachineAsync(new CreateStateMachineRequest(
            "ingest-" + Guid.NewGuid().ToString("N")[..12],
            """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""",
            "arn:aws:iam::000000000000:role/local"));
        _stateMachineArn = machine.StateMachineArn;
        var environment = new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            [SettingNames.Region] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDVAULTFLOWLOCAL",
            ["AWS_SECRET_ACCESS_KEY"] = "vaultflow-local-secret",
            ["AWS_ENDPOINT_URL_SQS"] = sqs.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_SFN"] = sfn.Endpoint.ToString(),
            [SettingNames.Database] = postgres.Database.AppConnectionString,
            [SettingNames.RawKey] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [SettingNames.BlindIndexKey] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [SettingNames.DlqUrl] = _dlqUrl,
            [SettingNames.IngestQueueUrl] = ingestUrl,
            [SettingNames.StateMachineArn] = _stateMachineArn,
        });
        _dispatcher = LambdaFunctions.CreateDispatcher(services => services.AddSingleton<IEnvironmentVariables>(environment));
    }

    public async Task DisposeAsync()
    {
        _sfnClient.Dispose();
        await ((IAsyncDisposable)_dispatcher).DisposeAsync();
    }

    [Fact]
    public void Functions_AreTheSixWorkflowFunctions()
    {
        Assert.Equal(
            [FunctionNames.Dedupe, FunctionNames.Encrypt, FunctionNames.GetRecord, FunctionNames.Persist, FunctionNames.RouteFailure, FunctionNames.Starter],
            _dispatcher.Functions.Select(f => f.Name));
        var starter = _dispatcher.Functions.Single(f => f.Name == FunctionNames.Starter);
        Assert.Equal("@IngestQueue", starter.SqsEvent!.Queue);
        Assert.Equal(10, starter.SqsEvent.BatchSize);
        Assert.Equal(1, starter.SqsEvent.MaximumBatchingWindowInSeconds);
    }

    [Fact]
    public async Task StepFunctions_AslShapedPayloads_PersistOneRowReadableByIdAndEmail()
    {
        var email = "ada." + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var message = "{\"type\":\"order.created\",\"data\":{\"total\":12.5},\"search\":{\"email\":\"" + email + "\"}}";
        var input = WorkflowHarness.StarterInput(message, Guid.NewGuid().ToString());
        var name = WorkflowHarness.NewExecutionName();

        // ResultPath "$": each output becomes the next state; Parameters wrap it with the execution name.
        var deduped = await InvokeAsync(FunctionNames.Dedupe, "{\"input\":" + input + ",\"executionName\":" + WorkflowHarness.Quote(name) + "}");
        var encrypted = await InvokeAsync(FunctionNames.Encrypt, "{\"workflow\":" + deduped + ",\"executionName\":" + WorkflowHarness.Quote(name) + "}");
        var persisted = await InvokeAsync(FunctionNames.Persist, "{\"workflow\":" + encrypted + ",\"executionName\":" + WorkflowHarness.Quote(name) + "}");

        using var dedupedState = JsonDocument.Parse(deduped);
        Assert.False(dedupedState.RootElement.GetProperty("duplicate").GetBoolean());
        Assert.DoesNotContain(email, encrypted, StringComparison.Ordinal);
        using var output = JsonDocument.Parse(persisted);
        Assert.True(output.RootElement.GetProperty("inserted").GetBoolean());
        var recordId = output.RootElement.GetProperty("recordId").GetGuid();

        using var byId = JsonDocument.Parse(await InvokeAsync(FunctionNames.GetRecord, "{\"id\":\"" + recordId + "\"}"));
        using var byEmail = JsonDocument.Parse(await InvokeAsync(FunctionNames.GetRecord, "{\"search\":{\"email\":\"" + email.ToUpperInvariant() + "\"}}"));
        Assert.True(byId.RootElement.GetProperty("found").GetBoolean());
        Assert.Equal(12.5, byId.RootElement.GetProperty("records")[0].GetProperty("message").GetProperty("data").GetProperty("total").GetDouble());
        Assert.Equal(recordId, byEmail.RootElement.GetProperty("records")[0].GetProperty("recordId").GetGuid());

        // A second execution of the same message is a duplicate (IsDuplicate -> AlreadyPersisted).
        using var again = JsonDocument.Parse(await InvokeAsync(FunctionNames.Dedupe, "{\"input\":" + input + ",\"executionName\":" + WorkflowHarness.Quote(WorkflowHarness.NewExecutionName()) + "}"));
        Assert.True(again.RootElement.GetProperty("duplicate").GetBoolean());
        Assert.Equal(recordId, again.RootElement.GetProperty("recordId").GetGuid());
    }

    [Fact]
    public async Task DedupeFailure_ThroughCatchIntoRouteFailure_DlqCarriesTheExactReason()
    {
        var name = WorkflowHarness.NewExecutionName();
        var input = """{"message":{"type":"t","data":{},"colour":"blue"}}""";

        var error = await Assert.ThrowsAsync<InvalidMessageException>(() => InvokeAsync(FunctionNames.Dedupe, "{\"input\":" + input + ",\"executionName\":" + WorkflowHarness.Quote(name) + "}"));

        // What Lambda reports and a Catch hands on: Error = errorType, Cause = the error payload as a string.
        var payload = LambdaErrorPayloadFactory.Create(error, HandlerErrors.ResolveErrorType);
        Assert.Equal(ErrorTypes.InvalidMessage, payload.ErrorType);
        Assert.StartsWith("unknown-field: ", payload.ErrorMessage, StringComparison.Ordinal);
        var failure = "{\"Error\":" + WorkflowHarness.Quote(payload.ErrorType) + ",\"Cause\":" + WorkflowHarness.Quote(Encoding.UTF8.GetString(payload.ToUtf8Json())) + "}";
        using var routed = JsonDocument.Parse(await InvokeAsync(FunctionNames.RouteFailure, "{\"input\":" + input + ",\"failure\":" + failure + ",\"executionName\":" + WorkflowHarness.Quote(name) + "}"));

        Assert.Equal(InvalidMessageReasons.UnknownField, routed.RootElement.GetProperty("reason").GetString());
        var parked = Assert.Single(await sqs.ReceiveAsync(_dlqUrl, 1));
        Assert.Equal("""{"type":"t","data":{},"colour":"blue"}""", parked.Body);
        Assert.Equal(InvalidMessageReasons.UnknownField, parked.MessageAttributes[MessageAttributeNames.Failure].StringValue);
    }

    [Fact]
    public async Task Starter_SqsBatch_StartsGoodMessagesAndParksPoison()
    {
        var goodId = Guid.NewGuid().ToString();
        var batch = $$$"""
            {"Records":[
              {"messageId":"{{{goodId}}}","receiptHandle":"rh-1","body":"{\"type\":\"t\",\"data\":{}}","attributes":{"ApproximateReceiveCount":"2"},"messageAttributes":{},"eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:000000000000:ingest","awsRegion":"us-east-1"},
              {"messageId":"poison-json","receiptHandle":"rh-2","body":"{not json","attributes":{"ApproximateReceiveCount":"1"},"messageAttributes":{},"eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:000000000000:ingest","awsRegion":"us-east-1"},
              {"messageId":"poison-loop","receiptHandle":"rh-3","body":"{\"type\":\"t\",\"data\":{}}","attributes":{"ApproximateReceiveCount":"1"},"messageAttributes":{"vf-replay-count":{"stringValue":"4","stringListValues":[],"binaryListValues":[],"dataType":"String"}},"eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:000000000000:ingest","awsRegion":"us-east-1"}
            ]}
            """;

        using var response = JsonDocument.Parse(await InvokeAsync(FunctionNames.Starter, batch));

        Assert.Equal(0, response.RootElement.GetProperty("batchItemFailures").GetArrayLength());
        var executions = await _sfnClient.ListExecutionsAsync(new ListExecutionsRequest(_stateMachineArn));
        Assert.Equal(ExecutionName.For(goodId, 0), Assert.Single(executions.Executions).Name);
        var parked = await sqs.ReceiveAsync(_dlqUrl, 2);
        Assert.Equal(
            [InvalidMessageReasons.InvalidJson, InvalidMessageReasons.RecursionGuard],
            parked.Select(m => m.MessageAttributes[MessageAttributeNames.Failure].StringValue).Order());

        // Redelivery of the same message: ExecutionAlreadyExists or the running execution, never a second one.
        using var redelivered = JsonDocument.Parse(await InvokeAsync(FunctionNames.Starter, batch));
        Assert.Equal(0, redelivered.RootElement.GetProperty("batchItemFailures").GetArrayLength());
        Assert.Single((await _sfnClient.ListExecutionsAsync(new ListExecutionsRequest(_stateMachineArn))).Executions);
    }

    private async Task<string> InvokeAsync(string function, string payload)
    {
        var response = await _dispatcher.InvokeAsync(function, Encoding.UTF8.GetBytes(payload), new TestLambdaContext(function), CancellationToken.None);
        return Encoding.UTF8.GetString(response);
    }
}
