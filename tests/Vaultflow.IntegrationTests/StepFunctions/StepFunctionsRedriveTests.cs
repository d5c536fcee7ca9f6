using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Vaultflow.Aws.StepFunctions;

namespace Vaultflow.IntegrationTests.StepFunctions;

/// <summary>StepFunctionsClient.RedriveExecutionAsync and the redrive fields, against the real local server.</summary>
[Collection("LocalStepFunctions")]
public sealed class StepFunctionsRedriveTests(LocalStepFunctionsFixture local)
{
    private const string WaitThenPass = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"P"},"P":{"Type":"Pass","Parameters":{"in.$":"$$.Execution.Input","redrives.$":"$$.Execution.RedriveCount"},"End":true}}}""";
    private const string FailOnly = """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Test.Failed","Cause":"always"}}}""";

    [Fact]
    public async Task RedriveExecution_AbortedExecution_ContinuesUnderTheSameArnAndCountsTheRedrive()
    {
        using var client = local.Client();
        var sm = await client.CreateStateMachineAsync(new CreateStateMachineRequest(LocalStepFunctionsFixture.Unique("redrive-abort"), WaitThenPass, LocalStepFunctionsFixture.Role));
        var started = await client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, "a", """{"k":1}"""));
        await StopAsync(started.ExecutionArn);
        var stopped = await LocalStepFunctionsFixture.WaitForEndAsync(client, started.ExecutionArn);
        Assert.Equal("ABORTED", stopped.Status);
        Assert.Equal(0, stopped.RedriveCount);
        Assert.Null(stopped.RedriveDate);
        Assert.Equal(ExecutionRedriveStatus.Redrivable, stopped.RedriveStatus);

        var redriven = await client.RedriveExecutionAsync(new RedriveExecutionRequest(started.ExecutionArn));
        var running = await client.DescribeExecutionAsync(started.ExecutionArn);
        var done = await LocalStepFunctionsFixture.WaitForEndAsync(client, started.ExecutionArn);

        Assert.Equal("RUNNING", running.Status);
        Assert.Equal("SUCCEEDED", done.Status);
        Assert.Equal(1, done.RedriveCount);
        Assert.Equal(redriven.RedriveDate, done.RedriveDate);
        Assert.True(redriven.RedriveDate >= stopped.StopDate);
        Assert.Equal(ExecutionRedriveStatus.NotRedrivable, done.RedriveStatus);
        using var output = JsonDocument.Parse(done.Output!);
        Assert.Equal(1, output.RootElement.GetProperty("in").GetProperty("k").GetInt32());
        Assert.Equal(1, output.RootElement.GetProperty("redrives").GetInt32());
        var listed = await client.ListExecutionsAsync(new ListExecutionsRequest(sm.StateMachineArn, RedriveFilter: "REDRIVEN"));
        var item = Assert.Single(listed.Executions);
        Assert.Equal(1, item.RedriveCount);
        Assert.Equal(redriven.RedriveDate, item.RedriveDate);
    }

    [Fact]
    public async Task RedriveExecution_SucceededExecution_ThrowsExecutionNotRedrivableWithTheReason()
    {
        using var client = local.Client();
        var sm = await client.CreateStateMachineAsync(new CreateStateMachineRequest(LocalStepFunctionsFixture.Unique("redrive-ok"), WaitThenPass, LocalStepFunctionsFixture.Role));
        var started = await client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, "s", "{}"));
        var done = await LocalStepFunctionsFixture.WaitForEndAsync(client, started.ExecutionArn);

        var ex = await Assert.ThrowsAsync<ExecutionNotRedrivableException>(() => client.RedriveExecutionAsync(new RedriveExecutionRequest(started.ExecutionArn)));

        Assert.Equal("ExecutionNotRedrivable", ex.ErrorCode);
        Assert.Equal("Execution is SUCCEEDED and cannot be redriven.", ex.Reason);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.Contains("RedriveExecution", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExecutionRedriveStatus.NotRedrivable, done.RedriveStatus);
        Assert.Equal(ex.Reason, done.RedriveStatusReason);
    }

    [Fact]
    public async Task RedriveExecution_UnknownExecution_ThrowsExecutionDoesNotExist()
    {
        using var client = local.Client();

        var ex = await Assert.ThrowsAsync<StepFunctionsException>(() => client.RedriveExecutionAsync(
            new RedriveExecutionRequest("arn:aws:states:us-east-1:000000000000:execution:nope:nope")));

        Assert.Equal("ExecutionDoesNotExist", ex.ErrorCode);
        Assert.False(ex.IsRetryable);
    }

    [Fact]
    public async Task RedriveExecution_FailStateExecutionWithOneClientToken_RedrivesOnceAndFailsAgain()
    {
        using var client = local.Client();
        var sm = await client.CreateStateMachineAsync(new CreateStateMachineRequest(LocalStepFunctionsFixture.Unique("redrive-fail"), FailOnly, LocalStepFunctionsFixture.Role));
        var started = await client.StartExecutionAsync(new StartExecutionRequest(sm.StateMachineArn, "f", "{}"));
        Assert.Equal("FAILED", (await LocalStepFunctionsFixture.WaitForEndAsync(client, started.ExecutionArn)).Status);

        var first = await client.RedriveExecutionAsync(new RedriveExecutionRequest(started.ExecutionArn, "token-1"));
        var repeat = await client.RedriveExecutionAsync(new RedriveExecutionRequest(started.ExecutionArn, "token-1"));
        var done = await LocalStepFunctionsFixture.WaitForEndAsync(client, started.ExecutionArn);

        Assert.Equal(first.RedriveDate, repeat.RedriveDate);
        Assert.Equal("FAILED", done.Status);
        Assert.Equal("Test.Failed", done.Error);
        Assert.Equal(1, done.RedriveCount);
        Assert.Equal(ExecutionRedriveStatus.Redrivable, done.RedriveStatus);
        var history = await client.GetExecutionHistoryAsync(new GetExecutionHistoryRequest(started.ExecutionArn));
        var redrivenEvent = Assert.Single(history.Events, e => e.Type == "ExecutionRedriven");
        Assert.Equal(1, redrivenEvent.Details!["executionRedrivenEventDetails"].GetProperty("redriveCount").GetInt32());
        Assert.Equal("ExecutionFailed", history.Events[^1].Type);
    }

    [Fact]
    public async Task RedriveExecution_RetriedAfterA500_SendsOneGeneratedClientTokenOnEveryAttempt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var capture = Task.Run(async () =>
        {
            var bodies = new List<string>();
            foreach (var (status, json) in new[] { ("500 Internal Server Error", """{"__type":"InternalFailure","message":"try again"}"""), ("200 OK", """{"redriveDate":1732500000.25}""") })
            {
                using var socket = await listener.AcceptSocketAsync();
                var request = await ReadRequestAsync(socket);
                bodies.Add(request[(request.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
                var reply = $"HTTP/1.1 {status}\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: {json.Length}\r\nConnection: close\r\n\r\n{json}";
                await socket.SendAsync(Encoding.UTF8.GetBytes(reply));
            }

            return bodies;
        });
        using var client = new StepFunctionsClient(new StepFunctionsClientOptions(
            "us-east-1", new Uri($"http://127.0.0.1:{port}/"), new BasicAWSCredentials("AKIDEXAMPLE", "secret"), MaxAttempts: 2));

        var response = await client.RedriveExecutionAsync(new RedriveExecutionRequest("arn:aws:states:us-east-1:1:execution:m:n"));
        var bodies = await capture;
        listener.Stop();

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_732_500_000_250), response.RedriveDate);
        Assert.Equal(2, bodies.Count);
        var tokens = bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("clientToken").GetString()).ToList();
        Assert.False(string.IsNullOrEmpty(tokens[0]));
        Assert.Equal(tokens[0], tokens[1]);
    }

    /// <summary>Reads one HTTP request (headers, then Content-Length bytes of body).</summary>
    private static async Task<string> ReadRequestAsync(Socket socket)
    {
        var buffer = new byte[65536];
        var total = 0;
        while (true)
        {
            total += await socket.ReceiveAsync(buffer.AsMemory(total));
            var text = Encoding.UTF8.GetString(buffer, 0, total);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var lengthLine = text[..end].Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (total >= end + 4 + length)
            {
                return text;
            }
        }
    }

    /// <summary>StopExecution straight over HTTP (the local server does not check signatures; the client has no StopExecution).</summary>
    private async Task StopAsync(string executionArn)
    {
        using var http = new HttpClient();
        using var content = new StringContent(JsonSerializer.Serialize(new { executionArn }), Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var request = new HttpRequestMessage(HttpMethod.Post, local.Endpoint) { Content = content };
        request.Headers.Add("X-Amz-Target", "AWSStepFunctions.StopExecution");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
