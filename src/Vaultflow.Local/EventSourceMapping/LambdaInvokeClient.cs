using System.Net.Http.Headers;

namespace Vaultflow.Local.EventSourceMapping;

/// <summary>What one RequestResponse invocation returned.</summary>
/// <param name="FunctionError">True when Lambda flagged a function error (<c>X-Amz-Function-Error</c>).</param>
/// <param name="Payload">The response body: the function's result or its error payload.</param>
internal sealed record InvokeResult(bool FunctionError, byte[] Payload);

/// <summary>Calls Lambda's Invoke API over HTTP, as the event source mapping does (no SDK: AWSSDK.Lambda is not served here).</summary>
internal sealed class LambdaInvokeClient(HttpClient http, Uri endpoint)
{
    private const string FunctionErrorHeader = "X-Amz-Function-Error";

    public async Task<InvokeResult> InvokeAsync(string functionName, byte[] payload, CancellationToken cancellationToken)
    {
        var uri = new Uri(endpoint, $"2015-03-31/functions/{Uri.EscapeDataString(functionName)}/invocations");
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.Add("X-Amz-Invocation-Type", "RequestResponse");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Invoke of {functionName} at {uri} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }

        return new InvokeResult(response.Headers.Contains(FunctionErrorHeader), body);
    }
}
