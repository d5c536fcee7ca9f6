using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Vaultflow.Bench.Figures.EndToEnd;

/// <summary>Invokes the Starter function on the local Lambda Invoke endpoint with a synthetic SQS batch (the event-source mapping's shape).</summary>
internal sealed class StarterInvoker(HttpClient http, LocalStackInfo stack, string functionName)
{
    /// <summary>Sends one batch; returns the round-trip time, or throws with the function error.</summary>
    public async Task<TimeSpan> InvokeAsync(IReadOnlyList<(string MessageId, string Body)> records)
    {
        using var content = new ByteArrayContent(BuildEvent(records));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var uri = new Uri(stack.LambdaEndpoint, $"/2015-03-31/functions/{Uri.EscapeDataString(functionName)}/invocations");
        var stopwatch = Stopwatch.StartNew();
        using var response = await http.PostAsync(uri, content);
        var body = await response.Content.ReadAsStringAsync();
        stopwatch.Stop();
        if (!response.IsSuccessStatusCode || response.Headers.Contains("X-Amz-Function-Error"))
        {
            throw new InvalidOperationException($"Invoking '{functionName}' at {uri} returned {(int)response.StatusCode}: {Truncate(body)}");
        }

        using var document = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
        if (document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("batchItemFailures", out var failures)
            && failures.GetArrayLength() > 0)
        {
            throw new InvalidOperationException($"'{functionName}' reported {failures.GetArrayLength()} batch item failures: {Truncate(body)}");
        }

        return stopwatch.Elapsed;
    }

    private byte[] BuildEvent(IReadOnlyList<(string MessageId, string Body)> records)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            var queueArn = $"arn:aws:sqs:{stack.Region}:000000000000:{stack.IngestQueueUrl.Split('/')[^1]}";
            foreach (var (messageId, body) in records)
            {
                json.WriteStartObject();
                json.WriteString("messageId", messageId);
                json.WriteString("receiptHandle", "bench-" + messageId);
                json.WriteString("body", body);
                json.WriteStartObject("attributes");
                json.WriteString("ApproximateReceiveCount", "1");
                json.WriteString("SentTimestamp", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
                json.WriteEndObject();
                json.WriteStartObject("messageAttributes");
                json.WriteEndObject();
#pragma warning disable CA5351 // SQS defines md5OfBody as MD5; it is an integrity echo, not security.
                json.WriteString("md5OfBody", Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(body))));
#pragma warning restore CA5351
                json.WriteString("eventSource", "aws:sqs");
                json.WriteString("eventSourceARN", queueArn);
                json.WriteString("awsRegion", stack.Region);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
