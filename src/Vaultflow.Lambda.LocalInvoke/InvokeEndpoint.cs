using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.LocalInvoke.Faults;

namespace Vaultflow.Lambda.LocalInvoke;

/// <summary><c>POST /2015-03-31/functions/{FunctionName}/invocations</c>, answered the way Lambda's Invoke API answers.</summary>
internal sealed class InvokeEndpoint(ILambdaFunctionDispatcher dispatcher, InProcessInvoker invoker, AsyncInvocationQueue events, LocalInvokeFaults faults, LocalInvokeOptions options)
{
    public const string Route = "/2015-03-31/functions/{function}/invocations";
    private const string InvocationTypeHeader = "X-Amz-Invocation-Type";
    private const string FunctionErrorHeader = "X-Amz-Function-Error";
    private const string RequestIdHeader = "x-amzn-RequestId";
    private const string ErrorTypeHeader = "x-amzn-ErrorType";

    public async Task HandleAsync(HttpContext http)
    {
        var reference = http.Request.RouteValues["function"] as string ?? string.Empty;
        var name = FunctionReference.NameOf(reference);
        var function = dispatcher.Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
        if (function is null)
        {
            await WriteNotFoundAsync(http, name).ConfigureAwait(false);
            return;
        }

        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
        var payload = body.Length == 0 ? "{}"u8.ToArray() : body.ToArray();
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers[RequestIdHeader] = requestId;

        switch (http.Request.Headers[InvocationTypeHeader].ToString())
        {
            case "Event":
                events.Enqueue(function, requestId, payload);
                http.Response.StatusCode = StatusCodes.Status202Accepted;
                return;
            case "DryRun":
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
        }

        var crash = faults.TakeCrash(function.Name);
        if (crash == InvokeCrashMode.ResetWhileRunning)
        {
            // Not awaited on purpose: the invocation runs on, its caller is gone (the invoker reports errors itself).
            _ = invoker.InvokeAsync(function, requestId, payload, CancellationToken.None);
            http.Abort();
            return;
        }

        var outcome = await invoker.InvokeAsync(function, requestId, payload, http.RequestAborted).ConfigureAwait(false);
        if (crash is { } mode)
        {
            await CrashAsync(http, mode, function.Name).ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.Headers["X-Amz-Executed-Version"] = "$LATEST";
        http.Response.ContentType = "application/json";
        if (outcome.Error is { } error)
        {
            // A function error is still a successful Invoke call: 200, flagged by this header.
            http.Response.Headers[FunctionErrorHeader] = "Unhandled";
            await http.Response.Body.WriteAsync(error.ToUtf8Json(), http.RequestAborted).ConfigureAwait(false);
            return;
        }

        await http.Response.Body.WriteAsync(outcome.Response ?? [], http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The function ran; its sandbox "dies" before answering (fault switch).</summary>
    private static async Task CrashAsync(HttpContext http, InvokeCrashMode crash, string name)
    {
        if (crash == InvokeCrashMode.ConnectionReset)
        {
            http.Abort();
            return;
        }

        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        http.Response.Headers[ErrorTypeHeader] = "ServiceException";
        http.Response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new InvokeFaultError { Message = $"The execution environment of {name} exited before it answered (injected by the local fault switch)." },
            InvokeFaultJsonContext.Default.InvokeFaultError);
        await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    private async Task WriteNotFoundAsync(HttpContext http, string name)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Response.Headers[ErrorTypeHeader] = "ResourceNotFoundException";
        http.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Type", "User");
            json.WriteString("Message", $"Function not found: arn:aws:lambda:{options.Region}:{options.AccountId}:function:{name}. Functions served here: {string.Join(", ", dispatcher.Functions.Select(f => f.Name))}.");
            json.WriteEndObject();
        }

        await http.Response.Body.WriteAsync(buffer.ToArray(), http.RequestAborted).ConfigureAwait(false);
    }
}
