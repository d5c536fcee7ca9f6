using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vaultflow.Local.Kms.Faults;

/// <summary>
/// <c>GET /_vaultflow/kms/faults</c> returns settings and counters; <c>POST</c> with
/// <c>{"throttleNext": n, "throttleRate": 0.05, "seed": 1, "resetCounters": true}</c> replaces the
/// settings (omitted members become 0 / no seed) and optionally zeroes the counters. No authentication:
/// the server only listens on 127.0.0.1.
/// </summary>
internal sealed class FaultAdminEndpoint(LocalKmsFaults faults, ILogger logger)
{
    public const string Path = "/_vaultflow/kms/faults";

    public async Task HandleAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method))
        {
            FaultAdminRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync(context.Request.Body, FaultAdminJsonContext.Default.FaultAdminRequest, context.RequestAborted);
            }
            catch (JsonException e)
            {
                await WriteAsync(context, StatusCodes.Status400BadRequest, new FaultAdminError { Message = $"Body must be {{\"throttleNext\": n, \"throttleRate\": 0..1, \"seed\": n, \"resetCounters\": bool}}: {e.Message}" });
                return;
            }

            request ??= new FaultAdminRequest();
            try
            {
                faults.Configure(new KmsFaultSettings(request.ThrottleNext ?? 0, request.ThrottleRate ?? 0, request.Seed));
            }
            catch (ArgumentOutOfRangeException e)
            {
                await WriteAsync(context, StatusCodes.Status400BadRequest, new FaultAdminError { Message = e.Message });
                return;
            }

            if (request.ResetCounters == true)
            {
                faults.ResetCounters();
            }

            KmsLog.FaultsChanged(logger, request.ThrottleNext ?? 0, request.ThrottleRate ?? 0, request.Seed);
        }
        else if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, POST";
            await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, new FaultAdminError { Message = $"{Path} accepts GET and POST." });
            return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, FaultAdminResponse.From(faults.Snapshot()));
    }

    private static Task WriteAsync(HttpContext context, int status, FaultAdminResponse body) =>
        WriteAsync(context, status, JsonSerializer.SerializeToUtf8Bytes(body, FaultAdminJsonContext.Default.FaultAdminResponse));

    private static Task WriteAsync(HttpContext context, int status, FaultAdminError body) =>
        WriteAsync(context, status, JsonSerializer.SerializeToUtf8Bytes(body, FaultAdminJsonContext.Default.FaultAdminError));

    private static async Task WriteAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }
}
