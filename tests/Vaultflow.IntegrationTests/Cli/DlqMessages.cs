using Amazon.SQS.Model;
using Vaultflow.IntegrationTests.Sqs;

namespace Vaultflow.IntegrationTests.Cli;

/// <summary>Puts messages into a DLQ the way RouteFailure does: body unchanged, vf-* attributes set.</summary>
internal static class DlqMessages
{
    public static async Task<string> ParkAsync(LocalSqsFixture sqs, string dlqUrl, string body, string reason, int replayCount, int hops, string originId, Dictionary<string, string>? producer = null)
    {
        var client = sqs.Client;
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["vf-failure"] = String(reason),
            ["vf-failure-detail"] = String("detail of " + reason),
            ["vf-replay-count"] = String(replayCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ["vf-hops"] = String(hops.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ["vf-origin-id"] = String(originId),
        };
        foreach (var (k, v) in producer ?? [])
        {
            attributes[k] = String(v);
        }

        var response = await client.SendMessageAsync(new SendMessageRequest { QueueUrl = dlqUrl, MessageBody = body, MessageAttributes = attributes });
        return response.MessageId;
    }

    public static string Body(string key) => "{\"type\":\"order.created\",\"key\":\"" + key + "\",\"data\":{\"n\":1}}";

    public static string? Attr(Message message, string name) =>
        message.MessageAttributes is { } a && a.TryGetValue(name, out var v) ? v.StringValue : null;

    private static MessageAttributeValue String(string value) => new() { DataType = "String", StringValue = value };
}
