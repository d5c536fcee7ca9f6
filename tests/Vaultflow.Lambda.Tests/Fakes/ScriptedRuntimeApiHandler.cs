using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Vaultflow.Lambda.Tests.Fakes;

/// <summary>
/// An in-memory Runtime API transport: /next hands out the scripted events, then answers 500 (which
/// ends the loop); posts are recorded. <see cref="ResponseStatus"/> lets a test reject /response.
/// </summary>
internal sealed class ScriptedRuntimeApiHandler(params string[] payloads) : HttpMessageHandler
{
    private readonly ConcurrentQueue<string> _payloads = new(payloads);
    private int _sequence;

    public ConcurrentQueue<RecordedPost> Posts { get; } = new();

    public HttpStatusCode ResponseStatus { get; init; } = HttpStatusCode.Accepted;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Get && path == "/2018-06-01/runtime/invocation/next")
        {
            if (!_payloads.TryDequeue(out var payload))
            {
                return new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("no more events") };
            }

            var id = $"req-{Interlocked.Increment(ref _sequence)}";
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(payload) };
            response.Headers.Add("Lambda-Runtime-Aws-Request-Id", id);
            response.Headers.Add("Lambda-Runtime-Deadline-Ms", DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            response.Headers.Add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:Test");
            return response;
        }

        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var errorType = request.Headers.TryGetValues("Lambda-Runtime-Function-Error-Type", out var values) ? values.Single() : null;
        Posts.Enqueue(new RecordedPost(path, body, errorType));
        var status = path.EndsWith("/response", StringComparison.Ordinal) ? ResponseStatus : HttpStatusCode.Accepted;
        return new HttpResponseMessage(status) { Content = new StringContent("{}") };
    }
}

internal sealed record RecordedPost(string Path, string Body, string? ErrorType);
