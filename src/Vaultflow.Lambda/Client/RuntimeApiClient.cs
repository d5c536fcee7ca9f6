using System.Globalization;
using System.Net.Http.Headers;
using Vaultflow.Lambda.Context;
using Vaultflow.Lambda.ExceptionHandling;

namespace Vaultflow.Lambda.Client;

/// <summary>The HTTP side of the Lambda Runtime API: next, response, error, init error.</summary>
internal sealed class RuntimeApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public RuntimeApiClient(string runtimeApi, HttpMessageHandler? handler = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false }, disposeHandler: handler is null)
        {
            BaseAddress = new Uri($"http://{runtimeApi}"),

            // No client timeout: /next blocks until an event arrives, and the sandbox freezes
            // mid-request between invocations, so any wall-clock timeout would fire spuriously on thaw.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<NextInvocation> GetNextAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, RuntimeApiPaths.Next, null, null, cancellationToken).ConfigureAwait(false);
        var headers = response.Headers;
        var requestId = Header(headers, RuntimeApiHeaders.AwsRequestId)
            ?? throw new RuntimeApiException($"The Runtime API's {RuntimeApiPaths.Next} answer has no {RuntimeApiHeaders.AwsRequestId} header; the runtime cannot reply without it.");
        var deadlineText = Header(headers, RuntimeApiHeaders.DeadlineMs);
        var deadline = long.TryParse(deadlineText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw new RuntimeApiException($"The Runtime API's {RuntimeApiHeaders.DeadlineMs} header is '{deadlineText}', not Unix milliseconds (request {requestId}).");
        var invocation = new LambdaInvocation(
            requestId,
            deadline,
            Header(headers, RuntimeApiHeaders.InvokedFunctionArn) ?? string.Empty,
            Header(headers, RuntimeApiHeaders.TraceId),
            Header(headers, RuntimeApiHeaders.ClientContext),
            Header(headers, RuntimeApiHeaders.CognitoIdentity));
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new NextInvocation(invocation, payload);
    }

    public async Task PostResponseAsync(string requestId, byte[] payload, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, RuntimeApiPaths.Response(requestId), payload, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task PostErrorAsync(string requestId, LambdaErrorPayload error, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, RuntimeApiPaths.Error(requestId), error.ToUtf8Json(), error.ErrorType, cancellationToken).ConfigureAwait(false);
    }

    public async Task PostInitErrorAsync(LambdaErrorPayload error, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, RuntimeApiPaths.InitError, error.ToUtf8Json(), error.ErrorType, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[]? body, string? errorType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(RuntimeApiHeaders.FunctionErrorType, errorType);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RuntimeApiException($"{method} {path} on the Runtime API at {_http.BaseAddress} failed: {e.Message}. Check AWS_LAMBDA_RUNTIME_API.", e);
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            response.Dispose();
            throw new RuntimeApiException($"{method} {path} on the Runtime API answered {status}: {Truncate(detail)}");
        }

        return response;
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "...";
}
