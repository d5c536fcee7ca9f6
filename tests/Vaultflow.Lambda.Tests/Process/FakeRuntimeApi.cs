using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vaultflow.Lambda.Tests.Process;

/// <summary>
/// A Lambda Runtime API (2018-06-01) on 127.0.0.1 for driving a real bootstrap process: queue events,
/// then await what the process posts back. Also compiled into bench/ColdStart.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly Channel<QueuedEvent> _events = Channel.CreateUnbounded<QueuedEvent>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RuntimeApiReply>> _replies = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<RuntimeApiReply> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;
    private int _nextCalls;

    private FakeRuntimeApi()
    {
    }

    /// <summary>host:port, the value of AWS_LAMBDA_RUNTIME_API.</summary>
    public string HostAndPort { get; private set; } = string.Empty;

    /// <summary>How many times the runtime called /invocation/next.</summary>
    public int NextCalls => Volatile.Read(ref _nextCalls);

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var api = new FakeRuntimeApi();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/2018-06-01/runtime/invocation/next", (RequestDelegate)api.NextAsync);
        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", (RequestDelegate)(http => api.ReplyAsync(http, RuntimeApiReplyKind.Response)));
        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", (RequestDelegate)(http => api.ReplyAsync(http, RuntimeApiReplyKind.Error)));
        app.MapPost("/2018-06-01/runtime/init/error", (RequestDelegate)api.InitErrorAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api._app = app;
        api.HostAndPort = new Uri(address).Authority;
        return api;
    }

    /// <summary>Queues one event; returns its request id.</summary>
    public string Enqueue(string payload, FakeEvent? options = null)
    {
        options ??= new FakeEvent();
        var requestId = options.RequestId ?? Guid.NewGuid().ToString();
        _replies[requestId] = new TaskCompletionSource<RuntimeApiReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _events.Writer.TryWrite(new QueuedEvent(requestId, payload, options));
        return requestId;
    }

    public Task<RuntimeApiReply> WaitForReplyAsync(string requestId, TimeSpan timeout) =>
        _replies[requestId].Task.WaitAsync(timeout);

    public Task<RuntimeApiReply> WaitForInitErrorAsync(TimeSpan timeout) => _initError.Task.WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task NextAsync(HttpContext http)
    {
        Interlocked.Increment(ref _nextCalls);
        QueuedEvent queued;
        try
        {
            queued = await _events.Reader.ReadAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return;
        }

        var options = queued.Options;
        var headers = http.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = queued.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = (options.Deadline ?? DateTimeOffset.UtcNow.AddSeconds(30)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = options.InvokedFunctionArn;
        if (options.TraceId is not null)
        {
            headers["Lambda-Runtime-Trace-Id"] = options.TraceId;
        }

        if (options.ClientContext is not null)
        {
            headers["Lambda-Runtime-Client-Context"] = options.ClientContext;
        }

        if (options.CognitoIdentity is not null)
        {
            headers["Lambda-Runtime-Cognito-Identity"] = options.CognitoIdentity;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(queued.Payload);
    }

    private async Task ReplyAsync(HttpContext http, RuntimeApiReplyKind kind)
    {
        var arrived = Stopwatch.GetTimestamp();
        var id = (string)http.Request.RouteValues["id"]!;
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        if (!_replies.TryGetValue(id, out var reply))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        http.Response.StatusCode = StatusCodes.Status202Accepted;
        await http.Response.WriteAsync("{\"status\":\"OK\"}");
        reply.TrySetResult(new RuntimeApiReply(kind, body, http.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString(), http.Request.ContentType, arrived));
    }

    private async Task InitErrorAsync(HttpContext http)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        http.Response.StatusCode = StatusCodes.Status202Accepted;
        await http.Response.WriteAsync("{\"status\":\"OK\"}");
        _initError.TrySetResult(new RuntimeApiReply(RuntimeApiReplyKind.InitError, body, http.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString(), http.Request.ContentType, arrived));
    }

    private sealed record QueuedEvent(string RequestId, string Payload, FakeEvent Options);
}

/// <summary>Headers of one queued event; null leaves a header out.</summary>
public sealed record FakeEvent
{
    public string? RequestId { get; init; }

    public DateTimeOffset? Deadline { get; init; }

    public string InvokedFunctionArn { get; init; } = "arn:aws:lambda:us-east-1:123456789012:function:Sample";

    public string? TraceId { get; init; }

    public string? ClientContext { get; init; }

    public string? CognitoIdentity { get; init; }
}

public enum RuntimeApiReplyKind
{
    Response,
    Error,
    InitError,
}

/// <summary>What the runtime posted: which endpoint, the body, the error type header, when (Stopwatch ticks).</summary>
public sealed record RuntimeApiReply(RuntimeApiReplyKind Kind, string Body, string ErrorTypeHeader, string? ContentType, long ArrivedAtTimestamp);
