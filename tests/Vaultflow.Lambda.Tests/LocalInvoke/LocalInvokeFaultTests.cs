using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vaultflow.Lambda.LocalInvoke;
using Vaultflow.Lambda.LocalInvoke.Faults;
using Vaultflow.Lambda.Logging;

namespace Vaultflow.Lambda.Tests.LocalInvoke;

/// <summary>The Invoke endpoint's crash switch: the function runs, then its "sandbox" dies before answering.</summary>
public sealed class LocalInvokeFaultTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Invoke_CrashAfterNextWithReset_FunctionRanButCallerGetsNoResponse()
    {
        var dispatcher = new RecordingDispatcher(failures: 0);
        await using var server = await Start(dispatcher);
        server.Faults.Configure("Flaky", new InvokeFaultSettings(CrashAfterNext: 1, Mode: InvokeCrashMode.ConnectionReset));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(InvokePath("Flaky"), Json("{}")));
        using var second = await http.PostAsync(InvokePath("Flaky"), Json("{}"));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, dispatcher.RequestIds.Count);
        Assert.Equal(1, server.Faults.CrashCount("Flaky"));
    }

    [Fact]
    public async Task Invoke_CrashAfterNextWithServiceError_Returns500ServiceExceptionAfterRunning()
    {
        var dispatcher = new RecordingDispatcher(failures: 0);
        await using var server = await Start(dispatcher);
        server.Faults.Configure("Flaky", new InvokeFaultSettings(CrashAfterNext: 1, Mode: InvokeCrashMode.ServiceError));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.PostAsync(InvokePath("Flaky"), Json("{}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("ServiceException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Single(dispatcher.RequestIds);
    }

    [Fact]
    public async Task Invoke_EventWhoseSandboxCrashes_RetriedWithTheSameRequestIdUntilItAnswers()
    {
        var dispatcher = new RecordingDispatcher(failures: 0);
        string requestId;
        await using (var server = await Start(dispatcher, [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)]))
        {
            server.Faults.Configure("Flaky", new InvokeFaultSettings(CrashAfterNext: 1));
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Post, InvokePath("Flaky")) { Content = Json("{}") };
            request.Headers.Add("X-Amz-Invocation-Type", "Event");

            using var response = await http.SendAsync(request);
            requestId = response.Headers.GetValues("x-amzn-RequestId").Single();

            Assert.Equal(2, await server.WhenEventSettledAsync(requestId).WaitAsync(Wait));
        }

        Assert.Equal([requestId, requestId], dispatcher.RequestIds);
    }

    [Fact]
    public async Task Invoke_ResetWhileRunning_CallerLosesTheInvocationWhichStillCompletes()
    {
        var gate = new SemaphoreSlim(0);
        var dispatcher = new RecordingDispatcher(failures: 0, onInvoke: () => gate.Release());
        await using var server = await Start(dispatcher);
        server.Faults.Configure("Flaky", new InvokeFaultSettings(CrashAfterNext: 1, Mode: InvokeCrashMode.ResetWhileRunning));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(InvokePath("Flaky"), Json("{}")));

        Assert.True(await gate.WaitAsync(Wait));
        Assert.Single(dispatcher.RequestIds);
    }

    [Fact]
    public async Task FaultAdmin_PostThenGet_ConfiguresAndReportsPerFunction()
    {
        await using var server = await Start(new RecordingDispatcher(failures: 0));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var set = await http.PostAsync("_vaultflow/lambda/faults", Json("{\"function\":\"Flaky\",\"crashAfterNext\":2,\"mode\":\"service-error\"}"));
        using var bad = await http.PostAsync("_vaultflow/lambda/faults", Json("{\"function\":\"Flaky\",\"mode\":\"explode\"}"));
        using var view = JsonDocument.Parse(await http.GetStringAsync(new Uri("_vaultflow/lambda/faults", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var flaky = view.RootElement.GetProperty("functions").GetProperty("Flaky");
        Assert.Equal(2, flaky.GetProperty("crashAfterNext").GetInt32());
        Assert.Equal("service-error", flaky.GetProperty("mode").GetString());
    }

    [Fact]
    public void TakeCrash_RateOneThenCleared_CrashesThenStops()
    {
        var faults = new LocalInvokeFaults();
        faults.Configure("F", new InvokeFaultSettings(CrashAfterRate: 1, Seed: 7));

        var first = faults.TakeCrash("F");
        faults.Clear();
        var second = faults.TakeCrash("F");

        Assert.Equal(InvokeCrashMode.ConnectionReset, first);
        Assert.Null(second);
        Assert.Null(faults.TakeCrash("Other"));
        Assert.Equal(1, faults.CrashCount("F"));
    }

    private static Task<LocalInvokeServer> Start(RecordingDispatcher dispatcher, TimeSpan[]? retryDelays = null)
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
