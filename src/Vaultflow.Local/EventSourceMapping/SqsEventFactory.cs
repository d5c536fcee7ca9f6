using System.Text.Json;
using Amazon.SQS.Model;
using Vaultflow.Lambda.Events;

namespace Vaultflow.Local.EventSourceMapping;

/// <summary>Builds the SQS event exactly as Lambda's event source mapping delivers it.</summary>
internal static class SqsEventFactory
{
    public static SqsEvent Create(IEnumerable<Message> messages, string queueArn, string region) => new()
    {
        Records = messages.Select(m => ToRecord(m, queueArn, region)).ToList(),
    };

    public static byte[] ToUtf8Json(SqsEvent sqsEvent) =>
        JsonSerializer.SerializeToUtf8Bytes(sqsEvent, SqsEventsJsonContext.Default.SqsEvent);

    private static SqsMessage ToRecord(Message message, string queueArn, string region) => new()
    {
        MessageId = message.MessageId,
        ReceiptHandle = message.ReceiptHandle,
        Body = message.Body ?? string.Empty,
        Attributes = new Dictionary<string, string>(message.Attributes ?? [], StringComparer.Ordinal),
        MessageAttributes = (message.MessageAttributes ?? []).ToDictionary(a => a.Key, a => ToAttribute(a.Value), StringComparer.Ordinal),
        Md5OfBody = message.MD5OfBody,
        Md5OfMessageAttributes = message.MD5OfMessageAttributes,
        EventSource = "aws:sqs",
        EventSourceArn = queueArn,
        AwsRegion = region,
    };

    private static SqsMessageAttribute ToAttribute(MessageAttributeValue value) => new()
    {
        DataType = value.DataType,
        StringValue = value.StringValue,
        BinaryValue = value.BinaryValue is { } binary ? Convert.ToBase64String(binary.ToArray()) : null,
        StringListValues = value.StringListValues ?? [],
        BinaryListValues = (value.BinaryListValues ?? []).Select(b => Convert.ToBase64String(b.ToArray())).ToList(),
    };
}
