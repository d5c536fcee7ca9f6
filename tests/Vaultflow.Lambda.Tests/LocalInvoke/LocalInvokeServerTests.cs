using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.LocalInvoke;
using Vaultflow.Lambda.Logging;
using Microsoft.Extensions.DependencyInjection;
using Vaultflow.Lambda.SampleFunctions.Functions;
using Vaultflow.Lambda.Settings;
using Vaultflow.Lambda.Tests.Fakes;

namespace Vaultflow.Lambda.Tests.LocalInvoke;

/// <summary>The local Invoke endpoint over real HTTP on 127.0.0.1, serving the sample dispatcher in process.</summary>
public sealed class LocalInvokeServerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Invoke_KnownFunction_Returns200WithResponseAndFreshRequestIds()
    {
        await using var server = await Start(Sample());
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var first = await http.PostAsync(InvokePath("Echo"), Json("{\"message\":\"hi\"}"));
        using var second = await http.PostAsync(InvokePath("Echo"), Json("{\"message\":\"hi\"}"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("X-Amz-Function-Error"));
        using var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal("hi", body.RootElement.GetProperty("message").GetString());
        var firstId = body.RootElement.GetProperty("requestId").GetString();
        Assert.Equal(firstId, first.Headers.GetValues("x-amzn-RequestId").Single());
        Assert.NotEqual(firstId, second.Headers.GetValues("x-amzn-RequestId").Single());
    }

    [Fact]
    public async Task Invoke_ByArn_ResolvesFunctionAndDeadlineFromTimeout()
    {
        await using var server = await Start(Sample());
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var arn = Uri.EscapeDataString("arn:aws:lambda:us-east-1:000000000000:function:Remaining");

        using var response = await http.PostAsync($"2015-03-31/functions/{arn}/invocations", Json("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.InRange(root.GetProperty("remainingMs").GetInt64(), 5_000, 10_000);
        Assert.Equal("Remaining", root.GetProperty("functionName").GetString());
        Assert.Equal(128, root.GetProperty("memoryLimitInMB").GetInt32());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:Remaining", root.GetProperty("invokedFunctionArn").GetString());
    }

    [Fact]
    public async Task Invoke_FunctionThrows_Returns200WithUnhandledHeaderAndErrorJson()
    {
        await using var server = await Start(Sample());
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.PostAsync(InvokePath("Fail"), Json("{\"reason\":\"boom\"}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(SampleFailureException.Type, body.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("Fail was asked to fail: boom", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("stackTrace").ValueKind);
    }

    [Fact]
    public async Task Invoke_UnknownFunction_Returns404ResourceNotFound()
    {
        await using var server = await Start(Sample());
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.PostAsync(InvokePath("Nope"), Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("function:Nope", body.RootElement.GetProperty("Message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_EventThatKeepsFailing_Returns202AndRetriesTwiceWithSameRequestId()
    {
        var dispatcher = new RecordingDispatcher(failures: int.MaxValue);
        string requestId;
        await using (var server = await Start(dispatcher, [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)]))
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Post, InvokePath("Flaky")) { Content = Json("{}") };
            request.Headers.Add("X-Amz-Invocation-Type", "Event");

            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
            Assert.Equal(3, await server.WhenEventSettledAsync(requestId).WaitAsync(Wait));
        }

        Assert.Equal(3, dispatcher.RequestIds.Count);
        Assert.All(dispatcher.RequestIds, id => Assert.Equal(requestId, id));
    }

    [Fact]
    public async Task Invoke_EventSucceedsOnRetry_StopsRetrying()
    {
        var dispatcher = new RecordingDispatcher(failures: 1);
        await using (var server = await Start(dispatcher, [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)]))
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Post, InvokePath("Flaky")) { Content = Json("{}") };
            request.Headers.Add("X-Amz-Invocation-Type", "Event");

            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
            Assert.Equal(2, await server.WhenEventSettledAsync(requestId).WaitAsync(Wait));
        }

        Assert.Equal(2, dispatcher.RequestIds.Count);
        Assert.Single(dispatcher.RequestIds.Distinct());
    }

    // The generated dispatcher of the sample functions: the same code path the bootstrap runs.
    private static ILambdaFunctionDispatcher Sample() =>
        Vaultflow.Generated.LambdaFunctions.CreateDispatcher(services => services.AddSingleton<IEnvironment>(new FakeEnvironment()));

    private static Task<LocalInvokeServer> Start(ILambdaFunctionDispatcher dispatcher, TimeSpan[]? retryDelays = null)
    {
        var logs = new LambdaJsonLoggerProvider(new LambdaJsonLoggerOptions(Stream.Null, LogLevel.Information, TimeProvider.System));
        var options = new LocalInvokeOptions { LoggerProvider = logs };
        if (retryDelays is not null)
        {
            options = options with { AsyncRetryDelays = retryDelays };
        }

        return LocalInvokeServer.StartAsync(dispatcher, options);
    }

    private static string InvokePath(string function) => $"2015-03-31/functions/{function}/invocations";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
