using System.Text.Json;

namespace Vaultflow.Lambda.Tests.Process;

/// <summary>The real sample bootstrap process against a Runtime API served by the test.</summary>
public sealed class BootstrapProcessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_SeveralEvents_AnswersEachInOrderOnOneProcess()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var process = SampleBootstrapProcess.Start(api.HostAndPort, "Echo");

        for (var i = 0; i < 3; i++)
        {
            var id = api.Enqueue($"{{\"message\":\"hello {i}\"}}");
            var reply = await api.WaitForReplyAsync(id, Wait);

            Assert.Equal(RuntimeApiReplyKind.Response, reply.Kind);
            using var body = JsonDocument.Parse(reply.Body);
            Assert.Equal($"hello {i}", body.RootElement.GetProperty("message").GetString());
            Assert.Equal(id, body.RootElement.GetProperty("requestId").GetString());
        }

        Assert.True(api.NextCalls >= 3);
    }

    [Fact]
    public async Task RunAsync_FunctionThrows_PostsErrorWithTypeHeaderAndKeepsServing()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var process = SampleBootstrapProcess.Start(api.HostAndPort, "Fail");

        var id = api.Enqueue("{\"reason\":\"disk on fire\"}");
        var reply = await api.WaitForReplyAsync(id, Wait);

        Assert.Equal(RuntimeApiReplyKind.Error, reply.Kind);
        Assert.Equal("Vaultflow.SampleFailure", reply.ErrorTypeHeader);
        using var body = JsonDocument.Parse(reply.Body);
        Assert.Equal("Vaultflow.SampleFailure", body.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("Fail was asked to fail: disk on fire", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Contains(body.RootElement.GetProperty("stackTrace").EnumerateArray(), line => line.GetString()!.Contains("SampleHandlers.Fail", StringComparison.Ordinal));

        var second = await api.WaitForReplyAsync(api.Enqueue("{\"reason\":\"again\"}"), Wait);
        Assert.Equal(RuntimeApiReplyKind.Error, second.Kind);
    }

    [Fact]
    public async Task RunAsync_BadPayload_PostsJsonErrorInsteadOfCrashing()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var process = SampleBootstrapProcess.Start(api.HostAndPort, "Echo");

        var reply = await api.WaitForReplyAsync(api.Enqueue("not json"), Wait);

        Assert.Equal(RuntimeApiReplyKind.Error, reply.Kind);
        Assert.Equal("JsonException", reply.ErrorTypeHeader);
        var ok = await api.WaitForReplyAsync(api.Enqueue("{\"message\":\"still alive\"}"), Wait);
        Assert.Equal(RuntimeApiReplyKind.Response, ok.Kind);
    }

    [Fact]
    public async Task RunAsync_UnknownHandler_PostsInitErrorAndExitsNonZero()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var process = SampleBootstrapProcess.Start(api.HostAndPort, "NoSuchFunction");

        var reply = await api.WaitForInitErrorAsync(Wait);
        var exitCode = await process.WaitForExitAsync(Wait);

        Assert.Equal("Runtime.UnknownHandler", reply.ErrorTypeHeader);
        using var body = JsonDocument.Parse(reply.Body);
        Assert.Equal("Runtime.UnknownHandler", body.RootElement.GetProperty("errorType").GetString());
        var message = body.RootElement.GetProperty("errorMessage").GetString()!;
        Assert.Contains("NoSuchFunction", message, StringComparison.Ordinal);
        Assert.Contains("Echo", message, StringComparison.Ordinal);
        Assert.NotEqual(0, exitCode);
        Assert.Equal(0, api.NextCalls);
    }

    [Fact]
    public async Task RunAsync_Deadline_RemainingTimeReflectsIt()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var process = SampleBootstrapProcess.Start(api.HostAndPort, "Remaining");

        var id = api.Enqueue("{}", new FakeEvent { Deadline = DateTimeOffset.UtcNow.AddSeconds(20) });
        var reply = await api.WaitForReplyAsync(id, Wait);

        using var body = JsonDocument.Parse(reply.Body);
        var remaining = body.RootElement.GetProperty("remainingMs").GetInt64();
        Assert.InRange(remaining, 10_000, 20_000);
    }

    [Fact]
    public async Task RunAsync_ContextFields_ComeFromHeadersAndEnvironment()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var process = SampleBootstrapProcess.Start(api.HostAndPort, "Remaining");
        var arn = "arn:aws:lambda:eu-west-1:123456789012:function:sample-Remaining:live";

        var id = api.Enqueue("{}", new FakeEvent { InvokedFunctionArn = arn, ClientContext = "{\"custom\":{\"k\":\"v\"}}", CognitoIdentity = "{\"cognitoIdentityId\":\"id-1\"}" });
        var reply = await api.WaitForReplyAsync(id, Wait);

        using var body = JsonDocument.Parse(reply.Body);
        var root = body.RootElement;
        Assert.Equal(id, root.GetProperty("requestId").GetString());
        Assert.Equal("sample-Remaining", root.GetProperty("functionName").GetString());
        Assert.Equal("3", root.GetProperty("functionVersion").GetString());
        Assert.Equal(arn, root.GetProperty("invokedFunctionArn").GetString());
        Assert.Equal(256, root.GetProperty("memoryLimitInMB").GetInt32());
        Assert.Equal("/aws/lambda/sample-Remaining", root.GetProperty("logGroupName").GetString());
        Assert.Equal("2026/11/24/[3]0123456789", root.GetProperty("logStreamName").GetString());
        Assert.Equal("{\"custom\":{\"k\":\"v\"}}", root.GetProperty("clientContext").GetString());
        Assert.Equal("{\"cognitoIdentityId\":\"id-1\"}", root.GetProperty("cognitoIdentity").GetString());
    }

    [Fact]
    public async Task RunAsync_TraceIdHeader_VisibleInContextAndEnvironmentPerInvocation()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var process = SampleBootstrapProcess.Start(api.HostAndPort, "Echo");
        const string Trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

        var traced = await api.WaitForReplyAsync(api.Enqueue("{\"message\":\"a\"}", new FakeEvent { TraceId = Trace }), Wait);
        var untraced = await api.WaitForReplyAsync(api.Enqueue("{\"message\":\"b\"}"), Wait);

        using var first = JsonDocument.Parse(traced.Body);
        Assert.Equal(Trace, first.RootElement.GetProperty("traceId").GetString());
        Assert.Equal(Trace, first.RootElement.GetProperty("traceIdFromEnvironment").GetString());
        using var second = JsonDocument.Parse(untraced.Body);
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("traceIdFromEnvironment").ValueKind);
    }

    [Fact]
    public async Task RunAsync_SqsBatch_ReportsFailedRecordsAndWritesLogsAndEmf()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var process = SampleBootstrapProcess.Start(api.HostAndPort, "SqsBatch");
        var batch = """
            {"Records":[
              {"messageId":"m-1","receiptHandle":"r1","body":"ok","attributes":{"ApproximateReceiveCount":"1"},"messageAttributes":{},"eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:eu-west-1:123456789012:q","awsRegion":"eu-west-1"},
              {"messageId":"m-2","receiptHandle":"r2","body":"please fail","attributes":{"ApproximateReceiveCount":"2"},"messageAttributes":{},"eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:eu-west-1:123456789012:q","awsRegion":"eu-west-1"}
            ]}
            """;

        var id = api.Enqueue(batch);
        var reply = await api.WaitForReplyAsync(id, Wait);

        Assert.Equal("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-2\"}]}", reply.Body);
        var deadline = DateTime.UtcNow + Wait;
        while (!process.Stdout.Any(l => l.Contains("\"_aws\"", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var lines = process.Stdout;
        var log = lines.Select(TryParse).First(l => l is { } e && e.TryGetProperty("message", out var m) && m.GetString()!.StartsWith("Processed 2 records", StringComparison.Ordinal))!.Value;
        Assert.Equal(id, log.GetProperty("requestId").GetString());
        Assert.Equal("INFO", log.GetProperty("level").GetString());
        var emf = lines.Select(TryParse).First(l => l is { } e && e.TryGetProperty("_aws", out _))!.Value;
        Assert.Equal(1, emf.GetProperty("RecordsFailed").GetInt64());
        Assert.Equal(1, emf.GetProperty("RecordsSucceeded").GetInt64());
        Assert.Equal("sample-SqsBatch", emf.GetProperty("FunctionName").GetString());
    }

    private static JsonElement? TryParse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
