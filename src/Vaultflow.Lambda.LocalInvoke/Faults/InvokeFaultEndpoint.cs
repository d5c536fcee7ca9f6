using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Vaultflow.Lambda.LocalInvoke.Faults;

/// <summary>
/// <c>GET /_vaultflow/lambda/faults</c> returns settings and crash counts per function; <c>POST</c> with
/// <c>{"function": "Encrypt", "crashAfterNext": 1, "crashAfterRate": 0.05, "mode": "reset" | "service-error" | "reset-while-running", "seed": 1}</c>
/// replaces that function's settings, <c>{"clear": true}</c> turns every crash off. No authentication:
/// the endpoint only listens on 127.0.0.1.
/// </summary>
internal sealed class InvokeFaultEndpoint(LocalInvokeFaults faults)
{
    public const string Path = "/_vaultflow/lambda/faults";
    private const string Shape = "{\"function\": \"Encrypt\", \"crashAfterNext\": n, \"crashAfterRate\": 0..1, \"mode\": \"reset\" | \"service-error\" | \"reset-while-running\", \"seed\": n} or {\"clear\": true}";

    public async Task HandleAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method))
        {
            if (await ApplyAsync(context).ConfigureAwait(false) is { } error)
            {
                await WriteAsync(context, StatusCodes.Status400BadRequest, JsonSerializer.SerializeToUtf8Bytes(new InvokeFaultError { Message = error }, InvokeFaultJsonContext.Default.InvokeFaultError)).ConfigureAwait(false);
                return;
            }
        }
        else if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, POST";
            await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, JsonSerializer.SerializeToUtf8Bytes(new InvokeFaultError { Message = $"{Path} accepts GET and POST." }, InvokeFaultJsonContext.Default.InvokeFaultError)).ConfigureAwait(false);
            return;
        }

        var view = new InvokeFaultResponse
        {
            Functions = faults.Snapshot().ToDictionary(
                p => p.Key,
                p => new InvokeFaultFunctionView
                {
                    CrashAfterNext = p.Value.Settings.CrashAfterNext,
                    CrashAfterRate = p.Value.Settings.CrashAfterRate,
                    Mode = p.Value.Settings.Mode switch
                    {
                        InvokeCrashMode.ServiceError => "service-error",
                        InvokeCrashMode.ResetWhileRunning => "reset-while-running",
                        _ => "reset",
                    },
                    Crashes = p.Value.Crashes,
                },
                StringComparer.Ordinal),
        };
        await WriteAsync(context, StatusCodes.Status200OK, JsonSerializer.SerializeToUtf8Bytes(view, InvokeFaultJsonContext.Default.InvokeFaultResponse)).ConfigureAwait(false);
    }

    /// <summary>Applies a POST body; returns what was wrong with it, or null.</summary>
    private async Task<string?> ApplyAsync(HttpContext context)
    {
        InvokeFaultRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, InvokeFaultJsonContext.Default.InvokeFaultRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return $"Body must be {Shape}: {e.Message}";
        }

        request ??= new InvokeFaultRequest();
        if (request.Clear == true)
        {
            faults.Clear();
            return null;
        }

        if (string.IsNullOrWhiteSpace(request.Function))
        {
            return $"Name the function: {Shape}.";
        }

        InvokeCrashMode mode;
        switch (request.Mode)
        {
            case null or "reset":
                mode = InvokeCrashMode.ConnectionReset;
                break;
            case "service-error":
                mode = InvokeCrashMode.ServiceError;
                break;
            case "reset-while-running":
                mode = InvokeCrashMode.ResetWhileRunning;
                break;
            default:
                return $"mode '{request.Mode}' is unknown: use \"reset\", \"service-error\" or \"reset-while-running\".";
        }

        try
        {
            faults.Configure(request.Function, new InvokeFaultSettings(request.CrashAfterNext ?? 0, request.CrashAfterRate ?? 0, mode, request.Seed));
        }
        catch (ArgumentOutOfRangeException e)
        {
            return e.Message;
        }

        return null;
    }

    private static async Task WriteAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }
}
