using System.Text;
using System.Text.Json;
using Vaultflow.Core.Contract;
using static Vaultflow.Core.Tests.Contract.Bodies;

namespace Vaultflow.Core.Tests.Contract;

public class IngestMessageParserTests
{
    [Fact]
    public void Parse_FullMessage_ReturnsAllFields()
    {
        var body = "{\"type\":\"order.created\",\"key\":\"order-42\",\"data\":{\"total\":12.5,\"items\":[1,2]},\"search\":{\"email\":\"ada@example.com\"}}";

        var message = IngestMessageParser.Parse(Utf8(body), MessageId);

        Assert.Equal("order.created", message.Type);
        Assert.Equal("order-42", message.Key);
        Assert.Equal(KeySource.Producer, message.KeySource);
        Assert.Equal("{\"total\":12.5,\"items\":[1,2]}", Encoding.UTF8.GetString(message.Data.Span));
        Assert.Equal("ada@example.com", message.Search["email"]);
        Assert.Equal(body, Encoding.UTF8.GetString(message.Utf8Json.Span));
        Assert.Equal(12.5, message.ParseData().GetProperty("total").GetDouble());
    }

    [Fact]
    public void Parse_WithoutKey_DefaultsToMessageId()
    {
        var message = IngestMessageParser.Parse(Utf8("{\"type\":\"t\",\"data\":{}}"), MessageId);

        Assert.Equal(MessageId, message.Key);
        Assert.Equal(KeySource.MessageId, message.KeySource);
        Assert.Empty(message.Search);
    }

    [Fact]
    public void Parse_NullKeyAndSearch_TreatedAsAbsent()
    {
        var message = IngestMessageParser.Parse(Utf8("{\"type\":\"t\",\"key\":null,\"data\":{},\"search\":null}"), MessageId);

        Assert.Equal(KeySource.MessageId, message.KeySource);
        Assert.Empty(message.Search);
    }

    [Fact]
    public void Parse_WithoutKeyOrMessageId_UsesContentHash()
    {
        var a = IngestMessageParser.Parse(Utf8("{\"type\":\"t\",\"data\":{\"x\":1,\"y\":2}}"), messageId: null);
        var b = IngestMessageParser.Parse(Utf8("{ \"data\" : { \"y\" : 2, \"x\" : 1.0 }, \"type\" : \"t\" }"), messageId: null);

        Assert.Equal(KeySource.ContentHash, a.KeySource);
        Assert.StartsWith("sha256:", a.Key, StringComparison.Ordinal);
        Assert.Equal(7 + 64, a.Key.Length);
        Assert.Equal(a.Key, b.Key);
    }

    [Fact]
    public void Parse_WhitespaceAroundBody_KeepsObjectBytesOnly()
    {
        var message = IngestMessageParser.Parse(Utf8("\r\n  {\"type\":\"t\",\"data\":{ }}  \n"), MessageId);

        Assert.Equal("{\"type\":\"t\",\"data\":{ }}", Encoding.UTF8.GetString(message.Utf8Json.Span));
        Assert.Equal("{ }", Encoding.UTF8.GetString(message.Data.Span));
    }

    [Fact]
    public void Parse_UnicodeAndEscapes_Accepted()
    {
        var body = "{\"type\":\"t\",\"key\":\"k\\u00e9-\u00fc-\ud83d\ude00\",\"data\":{\"s\":\"\\ud83d\\ude00 \u65e5\u672c \\u0000 nul is fine in data\",\"n\":-0,\"big\":1e308,\"tiny\":5e-324,\"id\":9007199254740991}}";

        var message = IngestMessageParser.Parse(body, MessageId);

        Assert.Equal("k\u00e9-\u00fc-\ud83d\ude00", message.Key);
        Assert.Equal("\ud83d\ude00 \u65e5\u672c \0 nul is fine in data", message.ParseData().GetProperty("s").GetString());
    }

    [Fact]
    public void Parse_FromString_SameAsFromBytes()
    {
        var body = "{\"type\":\"t\",\"data\":{\"a\":\"\u00e9\"}}";

        var fromString = IngestMessageParser.Parse(body, MessageId);
        var fromBytes = IngestMessageParser.Parse(Utf8(body), MessageId);

        Assert.True(fromString.Data.Span.SequenceEqual(fromBytes.Data.Span));
    }

    [Fact]
    public void Parse_ResultIsDetachedFromInputBuffer()
    {
        var body = Utf8("{\"type\":\"t\",\"data\":{\"a\":1}}");
        var message = IngestMessageParser.Parse(body, MessageId);

        Array.Clear(body);

        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(message.Data.Span));
        Assert.Equal(JsonValueKind.Object, message.ParseMessage().ValueKind);
    }
}
