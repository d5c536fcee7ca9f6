using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vaultflow.Bench.ColdStart;

/// <summary>
/// Answers the Starter's StartExecution calls on 127.0.0.1 (JSON 1.0, as Step Functions does) without
/// running anything, so the Starter's cold start and batch can be measured with no AWS and no
/// database. Any other call gets a 400 the Starter would report, which fails the bench run.
/// </summary>
internal sealed class StepFunctionsStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _started;

    private StepFunctionsStub(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>StartExecution calls answered so far.</summary>
    public int Started => Volatile.Read(ref _started);

    public static async Task<StepFunctionsStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var stub = new StepFunctionsStub(builder.Build());
        stub._app.MapPost("/", (RequestDelegate)stub.AnswerAsync);
        await stub._app.StartAsync();
        var address = stub._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.Endpoint = new Uri(address);
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext http)
    {
        http.Response.ContentType = "application/x-amz-json-1.0";
        if (http.Request.Headers["X-Amz-Target"] != "AWSStepFunctions.StartExecution")
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("{\"__type\":\"UnknownOperationException\",\"message\":\"the cold-start stub answers StartExecution only\"}");
            return;
        }

        var n = Interlocked.Increment(ref _started);
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        await http.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture,
            $"{{\"executionArn\":\"arn:aws:states:us-east-1:000000000000:execution:coldstart:e{n}\",\"startDate\":{seconds:F3}}}"));
    }
}
