using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.IntegrationTests.Support;

namespace Vaultflow.IntegrationTests.StepFunctions;

[Collection("LocalStepFunctions")]
public sealed class StepFunctionsClientTests(LocalStepFunctionsFixture local)
{
    private const string PassDefinition = """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"name.$":"$$.Execution.Name","in.$":"$"},"End":true}}}""";
    private const string WaitDefinition = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":2,"End":true}}}""";

    [Fact]
    public async Task StartExecution_PassMachine_SucceedsWithOutputAndContextName()
    {
        using var client = local.Client();
        var sm = await client.CreateStateMachineAsync(new CreateStateMachineRequest(LocalStepFunctionsFixture.Unique("pass"), PassDefinition, LocalStepFunctionsFixture.Role));
        var started = await client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, "exec-a", """{"k":1}"""));

        var done = await LocalStepFunctionsFixture.WaitForEndAsync(client, started.ExecutionArn);

        Assert.Equal("SUCCEEDED", done.Status);
        using var output = JsonDocument.Parse(done.Output!);
        Assert.Equal("exec-a", output.RootElement.GetProperty("name").GetString());
        Assert.Equal(1, output.RootElement.GetProperty("in").GetProperty("k").GetInt32());
        Assert.True(done.StopDate >= done.StartDate);
    }

    [Fact]
    public async Task StartExecution_SameNameAfterCompletion_ThrowsExecutionAlreadyExists()
    {
        using var client = local.Client();
        var sm = await client.CreateStateMachineAsync(new CreateStateMachineRequest(LocalStepFunctionsFixture.Unique("dedupe"), PassDefinition, LocalStepFunctionsFixture.Role));
        var first = await client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, "once", "{}"));
        await LocalStepFunctionsFixture.WaitForEndAsync(client, first.ExecutionArn);

        var ex = await Assert.ThrowsAsync<ExecutionAlreadyExistsException>(
            () => client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, "once", "{}")));

        Assert.Equal("ExecutionAlreadyExists", ex.ErrorCode);
        Assert.False(ex.IsRetryable);
    }

    [Fact]
    public async Task StartExecution_SameNameAndInputWhileRunning_ReturnsSameExecution()
    {
        using var client = local.Client();
        var sm = await client.CreateStateMachineAsync(new CreateStateMachineRequest(LocalStepFunctionsFixture.Unique("running"), WaitDefinition, LocalStepFunctionsFixture.Role));

        var a = await client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, "r", """{"a":1}"""));
        var b = await client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, "r", """{"a":1}"""));

        Assert.Equal(a.ExecutionArn, b.ExecutionArn);
        await Assert.ThrowsAsync<ExecutionAlreadyExistsException>(
            () => client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, "r", """{"a":2}""")));
    }

    [Fact]
    public async Task ListExecutions_StatusFilterAndPaging_ReturnsEveryExecutionOnce()
    {
        using var client = local.Client();
        var sm = await client.CreateStateMachineAsync(new CreateStateMachineRequest(LocalStepFunctionsFixture.Unique("list"), PassDefinition, LocalStepFunctionsFixture.Role));
        for (var i = 0; i < 5; i++)
        {
            var started = await client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, $"l{i}", "{}"));
            await LocalStepFunctionsFixture.WaitForEndAsync(client, started.ExecutionArn);
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await client.ListExecutionsAsync(new ListExecutionsRequest(sm.StateMachineArn, "SUCCEEDED", 2, token));
            names.AddRange(page.Executions.Select(e => e.Name));
            token = page.NextToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["l0", "l1", "l2", "l3", "l4"], names.Order());
        var failed = await client.ListExecutionsAsync(new ListExecutionsRequest(sm.StateMachineArn, "FAILED"));
        Assert.Empty(failed.Executions);
    }

    [Fact]
    public async Task GetExecutionHistory_CompletedExecution_HasStartStateAndEndEvents()
    {
        using var client = local.Client();
        var sm = await client.CreateStateMachineAsync(new CreateStateMachineRequest(LocalStepFunctionsFixture.Unique("history"), PassDefinition, LocalStepFunctionsFixture.Role));
        var started = await client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, "h", "{}"));
        await LocalStepFunctionsFixture.WaitForEndAsync(client, started.ExecutionArn);

        var history = await client.GetExecutionHistoryAsync(new GetExecutionHistoryRequest(started.ExecutionArn));

        Assert.Equal("ExecutionStarted", history.Events[0].Type);
        Assert.Equal("ExecutionSucceeded", history.Events[^1].Type);
        var entered = Assert.Single(history.Events, e => e.Type == "PassStateEntered");
        Assert.Equal("P", entered.Details!["stateEnteredEventDetails"].GetProperty("name").GetString());
    }

    [Fact]
    public async Task StartExecution_ThrottledTwice_RetriesWithBackoffAndSucceeds()
    {
        using var client = local.Client(maxAttempts: 4);
        var sm = await client.CreateStateMachineAsync(new CreateStateMachineRequest(LocalStepFunctionsFixture.Unique("throttle"), PassDefinition, LocalStepFunctionsFixture.Role));
        var before = await local.CallCountAsync("StartExecution");
        await local.SetFaultsAsync(new { throttleStartNext = 2 });

        var started = await client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, "t", "{}"));

        Assert.Contains(":t", started.ExecutionArn, StringComparison.Ordinal);
        Assert.Equal(before + 3, await local.CallCountAsync("StartExecution"));
    }

    [Fact]
    public async Task StartExecution_ThrottledWithoutRetries_ThrowsRetryableThrottling()
    {
        using var client = local.Client(maxAttempts: 1);
        var sm = await client.CreateStateMachineAsync(new CreateStateMachineRequest(LocalStepFunctionsFixture.Unique("throttle1"), PassDefinition, LocalStepFunctionsFixture.Role));
        await local.SetFaultsAsync(new { throttleStartNext = 1 });

        var ex = await Assert.ThrowsAsync<StepFunctionsException>(
            () => client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, "t", "{}")));

        Assert.Equal("ThrottlingException", ex.ErrorCode);
        Assert.True(ex.IsRetryable);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
    }

    [Fact]
    public async Task StartExecution_UnknownStateMachine_ThrowsNonRetryableWithCode()
    {
        using var client = local.Client();

        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => client.StartExecutionAsync(
            new StartExecutionRequest("arn:aws:states:us-east-1:000000000000:stateMachine:nope", "x", "{}")));

        Assert.Equal("StateMachineDoesNotExist", ex.ErrorCode);
        Assert.False(ex.IsRetryable);
        Assert.Contains("StartExecution", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStateMachine_IngestDefinitionWithSubstitutions_IsAccepted()
    {
        using var client = local.Client();
        var definition = (await File.ReadAllTextAsync(RepoRoot.Combine("statemachine", "ingest.asl.json")))
            .Replace("${DedupeFunctionArn}", "Dedupe", StringComparison.Ordinal)
            .Replace("${EncryptFunctionArn}", "Encrypt", StringComparison.Ordinal)
            .Replace("${PersistFunctionArn}", "Persist", StringComparison.Ordinal)
            .Replace("${RouteFailureFunctionArn}", "RouteFailure", StringComparison.Ordinal);

        var sm = await client.CreateStateMachineAsync(new CreateStateMachineRequest(LocalStepFunctionsFixture.Unique("ingest"), definition, LocalStepFunctionsFixture.Role));

        Assert.StartsWith("arn:aws:states:us-east-1:", sm.StateMachineArn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartExecution_UnreachableEndpoint_ThrowsRetryableNetworkError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new StepFunctionsClient(new StepFunctionsClientOptions(
            "us-east-1", new Uri($"http://127.0.0.1:{port}/"), new BasicAWSCredentials("a", "b"), MaxAttempts: 2));

        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => client.StartExecutionAsync(
            new StartExecutionRequest("arn:aws:states:us-east-1:000000000000:stateMachine:x", "x", "{}")));

        Assert.Equal("NetworkError", ex.ErrorCode);
        Assert.True(ex.IsRetryable);
        Assert.Null(ex.StatusCode);
    }

    [Fact]
    public async Task StartExecution_Request_IsSigV4SignedForStatesWithJson10Target()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var capture = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[16384];
            var read = await socket.ReceiveAsync(buffer);
            var request = Encoding.UTF8.GetString(buffer, 0, read);
            const string Json = """{"executionArn":"arn:aws:states:x:1:execution:a:b","startDate":1.5}""";
            var reply = $"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: {Json.Length}\r\nConnection: close\r\n\r\n{Json}";
            await socket.SendAsync(Encoding.UTF8.GetBytes(reply));
            return request;
        });
        using var client = new StepFunctionsClient(new StepFunctionsClientOptions(
            "eu-west-1", new Uri($"http://127.0.0.1:{port}/"), new BasicAWSCredentials("AKIDEXAMPLE", "secret")));

        var response = await client.StartExecutionAsync(new StartExecutionRequest("arn:aws:states:eu-west-1:1:stateMachine:s", "n", "{}"));
        var raw = await capture;
        listener.Stop();

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1500), response.StartDate);
        Assert.Contains("X-Amz-Target: AWSStepFunctions.StartExecution", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Type: application/x-amz-json-1.0", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/eu-west-1/states/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}", raw);
        Assert.Matches(@"X-Amz-Date: \d{8}T\d{6}Z", raw);
    }

    [Theory]
    [InlineData("com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists", "ExecutionAlreadyExists")]
    [InlineData("ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", "ThrottlingException")]
    [InlineData("InvalidName", "InvalidName")]
    [InlineData("", null)]
    public void NormalizeErrorCode_AwsForms_ReturnsBareCode(string raw, string? expected) =>
        Assert.Equal(expected, StepFunctionsClient.NormalizeErrorCode(raw));

    [Fact]
    public void FromEnvironment_EndpointVariables_PreferServiceSpecificOverGlobal()
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "eu-central-1",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1/",
            ["AWS_ENDPOINT_URL_SFN"] = "http://127.0.0.1:2/",
        };

        var options = StepFunctionsClientOptions.FromEnvironment(k => env.GetValueOrDefault(k));

        Assert.Equal(new Uri("http://127.0.0.1:2/"), options.Endpoint);
        Assert.Equal("eu-central-1", options.Region);
        var missing = Assert.Throws<Vaultflow.Core.Errors.ConfigurationException>(() => StepFunctionsClientOptions.FromEnvironment(_ => null));
        Assert.Equal("AWS_REGION", missing.Setting);
    }
}
