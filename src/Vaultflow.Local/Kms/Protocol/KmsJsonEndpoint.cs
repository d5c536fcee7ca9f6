using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vaultflow.Local.Kms.Faults;
using Vaultflow.Local.Kms.Operations;

namespace Vaultflow.Local.Kms.Protocol;

/// <summary>
/// The AWS JSON 1.1 front door: <c>POST /</c>, <c>X-Amz-Target: TrentService.&lt;Op&gt;</c>, JSON body;
/// answers 200 with JSON, or 400 (500 for internal failures) with <c>{"__type", "message"}</c> and the
/// <c>X-Amzn-ErrorType</c> header.
/// </summary>
internal sealed class KmsJsonEndpoint(KmsOperationDispatcher dispatcher, LocalKmsFaults faults, ILogger logger)
{
    public const string ContentType = "application/x-amz-json-1.1";
    private const string TargetPrefix = "TrentService.";
    private const int MaxBodySize = 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var operation = "(unknown)";
        byte[]? body = null;
        byte[]? response = null;
        try
        {
            if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/")
            {
                throw new KmsErrorException(KmsErrorCodes.UnknownOperation, "The local KMS serves POST / only.", HttpStatusCode.NotFound);
            }

            SigV4HeaderCheck.Ensure(context.Request.Headers.Authorization);
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal) || !KmsOperationDispatcher.Operations.Contains(target[TargetPrefix.Length..]))
            {
                throw new KmsErrorException(KmsErrorCodes.UnknownOperation, $"X-Amz-Target '{target}' is not an operation the local KMS serves; supported: {string.Join(", ", KmsOperationDispatcher.Operations.Order(StringComparer.Ordinal))}.");
            }

            operation = target[TargetPrefix.Length..];
            if (faults.RecordCallAndDecideThrottle(operation))
            {
                throw new KmsErrorException(KmsErrorCodes.Throttling, "Rate exceeded");
            }

            body = await ReadBodyAsync(context.Request, context.RequestAborted);
            response = dispatcher.Invoke(operation, body);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = ContentType;
            context.Response.ContentLength = response.Length;
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString("D");
            await context.Response.Body.WriteAsync(response, context.RequestAborted);
            KmsLog.Succeeded(logger, operation);
        }
        catch (KmsErrorException e)
        {
            KmsLog.Failed(logger, operation, e.ErrorType, (int)e.Status);
            await WriteErrorAsync(context, e.ErrorType, e.Message, e.Status);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            KmsLog.Unexpected(logger, e, operation);
            await WriteErrorAsync(context, KmsErrorCodes.Internal, "The local KMS failed unexpectedly; see its log.", HttpStatusCode.InternalServerError);
        }
        finally
        {
            // Request and response JSON may carry plaintext (Encrypt input, data keys) in base64.
            CryptographicOperations.ZeroMemory(body);
            CryptographicOperations.ZeroMemory(response);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodySize)
        {
            throw new KmsErrorException(KmsErrorCodes.Validation, $"The request body is larger than {MaxBodySize} bytes.");
        }

        if (request.ContentLength is { } length)
        {
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }

        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
            if (buffer.Length > MaxBodySize)
            {
                throw new KmsErrorException(KmsErrorCodes.Validation, $"The request body is larger than {MaxBodySize} bytes.");
            }

            return buffer.ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.GetBuffer());
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, string errorType, string message, HttpStatusCode status)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = ContentType;
        context.Response.Headers["X-Amzn-ErrorType"] = errorType;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString("D");
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorResponse { Type = errorType, Message = message }, KmsJsonContext.Default.ErrorResponse);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
