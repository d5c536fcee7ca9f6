using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vaultflow.Bench.ColdStart;

/// <summary>The events the bench queues: SQS batches as Lambda delivers them.</summary>
internal static class Events
{
    /// <summary>An SQS event of <paramref name="count"/> records, each body from <paramref name="body"/>(i), about 1 KiB.</summary>
    public static string SqsBatch(int count, Func<int, string> body)
    {
        var json = new StringBuilder("{\"Records\":[");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? string.Empty : ",")
                .Append(CultureInfo.InvariantCulture, $"{{\"messageId\":\"{Guid.NewGuid()}\",\"receiptHandle\":\"r-{i}\",\"body\":")
                .Append(JsonString(body(i)))
                .Append(",\"attributes\":{\"ApproximateReceiveCount\":\"1\",\"SentTimestamp\":\"1545082649183\"},\"messageAttributes\":{},")
                .Append("\"md5OfBody\":\"\",\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\"arn:aws:sqs:us-east-1:000000000000:ingest\",\"awsRegion\":\"us-east-1\"}");
        }

        return json.Append("]}").ToString();
    }

    /// <summary>A valid ingest message (the Starter starts an execution for it).</summary>
    public static string IngestMessage(int i) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"bench.coldstart\",\"key\":\"cold-{Guid.NewGuid():N}-{i}\",\"data\":{{\"n\":{i},\"pad\":\"{new string('x', 1000)}\"}}}}");

    /// <summary>The sample functions' SqsBatch body: "fail ..." records are reported as batch item failures.</summary>
    public static string SampleBody(int i) => $"{(i % 4 == 0 ? "fail" : "ok")} {new string('x', 1024)}";

    private static string JsonString(string value) => "\"" + JsonEncodedText.Encode(value) + "\"";
}
