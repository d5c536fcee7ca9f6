using System.Text.Json;
using Amazon.SQS.Model;
using Vaultflow.Local.EventSourceMapping;

namespace Vaultflow.IntegrationTests.LocalStack;

/// <summary>The event the poller hands to functions has Lambda's exact shape (no I/O).</summary>
public sealed class SqsEventFactoryTests
{
    [Fact]
    public void Create_ReceivedMessage_MatchesLambdasSqsEventShape()
    {
        var message = new Message
        {
            MessageId = "m-1",
            ReceiptHandle = "rh-1",
            Body = "{\"type\":\"t\"}",
            MD5OfBody = "md5",
            Attributes = new() { ["ApproximateReceiveCount"] = "2", ["SentTimestamp"] = "1700000000000" },
            MessageAttributes = new()
            {
                ["vf-replay-count"] = new MessageAttributeValue { DataType = "Number", StringValue = "1" },
                ["blob"] = new MessageAttributeValue { DataType = "Binary", BinaryValue = new MemoryStream([1, 2, 3]) },
            },
        };

        var json = SqsEventFactory.ToUtf8Json(SqsEventFactory.Create([message], "arn:aws:sqs:eu-west-1:000000000000:q", "eu-west-1"));

        using var document = JsonDocument.Parse(json);
        var record = document.RootElement.GetProperty("Records").EnumerateArray().Single();
        Assert.Equal("m-1", record.GetProperty("messageId").GetString());
        Assert.Equal("rh-1", record.GetProperty("receiptHandle").GetString());
        Assert.Equal("{\"type\":\"t\"}", record.GetProperty("body").GetString());
        Assert.Equal("aws:sqs", record.GetProperty("eventSource").GetString());
        Assert.Equal("arn:aws:sqs:eu-west-1:000000000000:q", record.GetProperty("eventSourceARN").GetString());
        Assert.Equal("eu-west-1", record.GetProperty("awsRegion").GetString());
        Assert.Equal("md5", record.GetProperty("md5OfBody").GetString());
        Assert.Equal("2", record.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString());
        var attributes = record.GetProperty("messageAttributes");
        Assert.Equal("1", attributes.GetProperty("vf-replay-count").GetProperty("stringValue").GetString());
        Assert.Equal("Number", attributes.GetProperty("vf-replay-count").GetProperty("dataType").GetString());
        Assert.Equal("AQID", attributes.GetProperty("blob").GetProperty("binaryValue").GetString());
    }
}
