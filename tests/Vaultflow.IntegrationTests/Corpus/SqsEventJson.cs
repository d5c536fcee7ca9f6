using System.Text;
using System.Text.Json;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.IntegrationTests.Corpus;

/// <summary>Writes an SQS batch event exactly as Lambda delivers it to the Starter (bodies escaped by a real JSON writer).</summary>
internal static class SqsEventJson
{
    public sealed record Record(string MessageId, string Body, IReadOnlyDictionary<string, QueueAttribute>? Attributes = null);

    public static byte[] Batch(IEnumerable<Record> records)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Records");
            foreach (var record in records)
            {
                writer.WriteStartObject();
                writer.WriteString("messageId", record.MessageId);
                writer.WriteString("receiptHandle", "rh-" + record.MessageId);
                writer.WriteString("body", record.Body);
                writer.WriteStartObject("attributes");
                writer.WriteString("ApproximateReceiveCount", "1");
                writer.WriteEndObject();
                writer.WriteStartObject("messageAttributes");
                foreach (var (name, attribute) in record.Attributes ?? new Dictionary<string, QueueAttribute>())
                {
                    writer.WriteStartObject(name);
                    writer.WriteString("dataType", attribute.DataType);
                    if (attribute.StringValue is not null)
                    {
                        writer.WriteString("stringValue", attribute.StringValue);
                    }

                    if (attribute.BinaryValue is not null)
                    {
                        writer.WriteString("binaryValue", Convert.ToBase64String(attribute.BinaryValue));
                    }

                    writer.WriteStartArray("stringListValues");
                    writer.WriteEndArray();
                    writer.WriteStartArray("binaryListValues");
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                writer.WriteString("eventSource", "aws:sqs");
                writer.WriteString("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:ingest");
                writer.WriteString("awsRegion", "us-east-1");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A valid message with a unique producer key.</summary>
    public static Record Good(string key) => new(Guid.NewGuid().ToString(), "{\"type\":\"order.created\",\"key\":\"" + key + "\",\"data\":{\"n\":1}}");

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
