using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.LocalInvoke.Faults;
using Vaultflow.Lambda.Logging;

namespace Vaultflow.Lambda.LocalInvoke;

/// <summary>
/// A Lambda Invoke endpoint on 127.0.0.1 serving a dispatcher in process, so the AWS CLI, SDKs and the
/// local Step Functions server call the same code path as the cloud:
/// <code>await using var server = await LocalInvokeServer.StartAsync(dispatcher); // server.BaseAddress</code>
/// </summary>
public sealed class LocalInvokeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AsyncInvocationQueue _events;
    private readonly LambdaJsonLoggerProvider? _ownedLogs;

    private LocalInvokeServer(WebApplication app, AsyncInvocationQueue events, LocalInvokeFaults faults, LambdaJsonLoggerProvider? ownedLogs, Uri baseAddress)
    {
        _app = app;
        Faults = faults;
        _events = events;
        _ownedLogs = ownedLogs;
        BaseAddress = baseAddress;
    }

    /// <summary>e.g. http://127.0.0.1:41234/ — use it as the Lambda endpoint URL.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The crash switch (also served at <c>/_vaultflow/lambda/faults</c>).</summary>
    public LocalInvokeFaults Faults { get; }

    public static async Task<LocalInvokeServer> StartAsync(
        ILambdaFunctionDispatcher dispatcher,
        LocalInvokeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        options ??= new LocalInvokeOptions();
        var ownedLogs = options.LoggerProvider is null
            ? new LambdaJsonLoggerProvider(new LambdaJsonLoggerOptions(Console.OpenStandardOutput(), LogLevel.Information, options.Clock))
            : null;
        var logs = options.LoggerProvider ?? ownedLogs!;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new NonDisposingProvider(logs));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // Loopback only: this endpoint runs code on request and has no authentication.
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();

        var invoker = new InProcessInvoker(dispatcher, options, logs);
        var faults = new LocalInvokeFaults();
        var events = new AsyncInvocationQueue(invoker, options, faults, logs.CreateLogger("Vaultflow.Lambda.LocalInvoke"));
        var endpoint = new InvokeEndpoint(dispatcher, invoker, events, faults, options);
        app.MapPost(InvokeEndpoint.Route, (RequestDelegate)endpoint.HandleAsync);
        var faultAdmin = new InvokeFaultEndpoint(faults);
        app.MapMethods(InvokeFaultEndpoint.Path, ["GET", "POST", "PUT", "DELETE"], (RequestDelegate)faultAdmin.HandleAsync);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalInvokeServer(app, events, faults, ownedLogs, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>For an <c>Event</c> invocation (its x-amzn-RequestId): completes with the attempt count once it succeeded or retries ran out.</summary>
    public Task<int> WhenEventSettledAsync(string requestId) => _events.SettledAsync(requestId);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _events.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _ownedLogs?.Dispose();
    }

    /// <summary>Lets ASP.NET Core's logging use the caller's provider without disposing it.</summary>
    private sealed class NonDisposingProvider(ILoggerProvider inner) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => inner.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
