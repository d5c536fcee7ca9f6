using System.Text.Json;
using Vaultflow.Lambda.Events;
using Vaultflow.Lambda.Tests.Samples;

namespace Vaultflow.Lambda.Tests.Events;

public sealed class SqsEventTests
{
    [Fact]
    public void Deserialize_DocumentedSample_ReadsEveryField()
    {
        var batch = JsonSerializer.Deserialize(SampleEvents.Read("sqs-event.json"), SqsEventsJsonContext.Default.SqsEvent)!;

        Assert.Equal(3, batch.Records.Count);
        var first = batch.Records[0];
        Assert.Equal("059f36b4-87a3-44ab-83d2-661975830a7d", first.MessageId);
        Assert.Equal("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...", first.ReceiptHandle);
        Assert.Equal("Test message.", first.Body);
        Assert.Equal("1545082649183", first.Attributes[SqsSystemAttributes.SentTimestamp]);
        Assert.Equal("AIDAIENQZJOLO23YVJ4VO", first.Attributes[SqsSystemAttributes.SenderId]);
        Assert.Equal(1, first.ApproximateReceiveCount);
        Assert.Equal("myValue", first.MessageAttributes["myAttribute"].StringValue);
        Assert.Equal("String", first.MessageAttributes["myAttribute"].DataType);
        Assert.Equal("e4e68fb7bd0e697a0ae8f1bb342846b3", first.Md5OfBody);
        Assert.Equal("aws:sqs", first.EventSource);
        Assert.Equal("arn:aws:sqs:us-east-2:123456789012:my-queue", first.EventSourceArn);
        Assert.Equal("us-east-2", first.AwsRegion);
        Assert.Null(first.MessageGroupId);
    }

    [Fact]
    public void Deserialize_FifoRecord_ReadsGroupReceiveCountAndBinaryAttribute()
    {
        var batch = JsonSerializer.Deserialize(SampleEvents.Read("sqs-event.json"), SqsEventsJsonContext.Default.SqsEvent)!;

        var fifo = batch.Records[2];
        Assert.Equal("orders", fifo.MessageGroupId);
        Assert.Equal(3, fifo.ApproximateReceiveCount);
        Assert.Equal("MTEwMA==", fifo.MessageAttributes["blob"].BinaryValue);
        Assert.Equal("Binary", fifo.MessageAttributes["blob"].DataType);
        Assert.Equal("6a7d2c1b0e9f8a7b6c5d4e3f2a1b0c9d", fifo.Md5OfMessageAttributes);
    }

    [Fact]
    public void Serialize_RoundTrip_KeepsLambdaFieldNames()
    {
        var sample = SampleEvents.Read("sqs-event.json");
        var batch = JsonSerializer.Deserialize(sample, SqsEventsJsonContext.Default.SqsEvent)!;

        using var written = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(batch, SqsEventsJsonContext.Default.SqsEvent));
        using var original = JsonDocument.Parse(sample);

        Assert.True(JsonElement.DeepEquals(original.RootElement, written.RootElement), written.RootElement.GetRawText());
    }

    [Fact]
    public void Serialize_BatchResponse_IsTheDocumentedShape()
    {
        var response = new SqsBatchResponse { BatchItemFailures = [new SqsBatchItemFailure { ItemIdentifier = "id-1" }] };

        var json = JsonSerializer.Serialize(response, SqsEventsJsonContext.Default.SqsBatchResponse);

        Assert.Equal("{\"batchItemFailures\":[{\"itemIdentifier\":\"id-1\"}]}", json);
    }

    [Fact]
    public void Serialize_EmptyBatchResponse_HasEmptyList()
    {
        var json = JsonSerializer.Serialize(new SqsBatchResponse(), SqsEventsJsonContext.Default.SqsBatchResponse);

        Assert.Equal("{\"batchItemFailures\":[]}", json);
    }
}
