using System.Text;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using static Vaultflow.Core.Tests.Contract.Bodies;

namespace Vaultflow.Core.Tests.Contract;

public class IngestMessageParserRejectionTests
{
    [Theory]
    [InlineData("invalid json", "{\"type\":\"t\",\"data\":{}]", InvalidMessageReasons.InvalidJson)]
    [InlineData("single quotes", "{'type':'t','data':{}}", InvalidMessageReasons.InvalidJson)]
    [InlineData("trailing comma", "{\"type\":\"t\",\"data\":{},}", InvalidMessageReasons.InvalidJson)]
    [InlineData("comment", "{\"type\":\"t\",/*x*/\"data\":{}}", InvalidMessageReasons.InvalidJson)]
    [InlineData("two values", "{\"type\":\"t\",\"data\":{}} {}", InvalidMessageReasons.InvalidJson)]
    [InlineData("truncated", "{\"type\":\"t\",\"data\":{\"a\":\"abc", InvalidMessageReasons.TruncatedJson)]
    [InlineData("truncated literal", "{\"type\":\"t\",\"data\":{\"a\":tr", InvalidMessageReasons.TruncatedJson)]
    [InlineData("empty", "", InvalidMessageReasons.EmptyBody)]
    [InlineData("whitespace only", " \r\n\t ", InvalidMessageReasons.EmptyBody)]
    [InlineData("array top level", "[{\"type\":\"t\",\"data\":{}}]", InvalidMessageReasons.NotAnObject)]
    [InlineData("string top level", "\"hello\"", InvalidMessageReasons.NotAnObject)]
    [InlineData("missing type", "{\"data\":{}}", InvalidMessageReasons.MissingField)]
    [InlineData("missing data", "{\"type\":\"t\"}", InvalidMessageReasons.MissingField)]
    [InlineData("type is number", "{\"type\":42,\"data\":{}}", InvalidMessageReasons.WrongType)]
    [InlineData("type is null", "{\"type\":null,\"data\":{}}", InvalidMessageReasons.WrongType)]
    [InlineData("key is number", "{\"type\":\"t\",\"key\":7,\"data\":{}}", InvalidMessageReasons.WrongType)]
    [InlineData("type uppercase", "{\"type\":\"Order.Created\",\"data\":{}}", InvalidMessageReasons.InvalidTypeName)]
    [InlineData("type starts with digit", "{\"type\":\"1order\",\"data\":{}}", InvalidMessageReasons.InvalidTypeName)]
    [InlineData("type empty", "{\"type\":\"\",\"data\":{}}", InvalidMessageReasons.InvalidTypeName)]
    [InlineData("type with space", "{\"type\":\"order created\",\"data\":{}}", InvalidMessageReasons.InvalidTypeName)]
    [InlineData("NUL in type", "{\"type\":\"order\\u0000.created\",\"data\":{}}", InvalidMessageReasons.NulCharacter)]
    [InlineData("NUL in key", "{\"type\":\"t\",\"key\":\"k\\u0000\",\"data\":{}}", InvalidMessageReasons.NulCharacter)]
    [InlineData("key with control char", "{\"type\":\"t\",\"key\":\"a\\u0007b\",\"data\":{}}", InvalidMessageReasons.InvalidKey)]
    [InlineData("key with newline", "{\"type\":\"t\",\"key\":\"a\\nb\",\"data\":{}}", InvalidMessageReasons.InvalidKey)]
    [InlineData("key with zero-width space", "{\"type\":\"t\",\"key\":\"a\\u200bb\",\"data\":{}}", InvalidMessageReasons.InvalidKey)]
    [InlineData("key padded", "{\"type\":\"t\",\"key\":\" k\",\"data\":{}}", InvalidMessageReasons.InvalidKey)]
    [InlineData("key empty", "{\"type\":\"t\",\"key\":\"\",\"data\":{}}", InvalidMessageReasons.InvalidKey)]
    [InlineData("data array", "{\"type\":\"t\",\"data\":[1,2]}", InvalidMessageReasons.DataNotObject)]
    [InlineData("data null", "{\"type\":\"t\",\"data\":null}", InvalidMessageReasons.DataNotObject)]
    [InlineData("unknown top-level field", "{\"type\":\"t\",\"data\":{},\"version\":2}", InvalidMessageReasons.UnknownField)]
    [InlineData("duplicate top-level", "{\"type\":\"t\",\"type\":\"u\",\"data\":{}}", InvalidMessageReasons.DuplicateProperty)]
    [InlineData("duplicate nested", "{\"type\":\"t\",\"data\":{\"a\":{\"b\":1,\"b\":2}}}", InvalidMessageReasons.DuplicateProperty)]
    [InlineData("duplicate via escape", "{\"type\":\"t\",\"data\":{\"a\":1,\"\\u0061\":2}}", InvalidMessageReasons.DuplicateProperty)]
    [InlineData("duplicate in array element", "{\"type\":\"t\",\"data\":{\"l\":[{\"x\":1},{\"x\":1,\"x\":2}]}}", InvalidMessageReasons.DuplicateProperty)]
    [InlineData("lone high surrogate", "{\"type\":\"t\",\"data\":{\"a\":\"\\ud800\"}}", InvalidMessageReasons.LoneSurrogate)]
    [InlineData("lone low surrogate in name", "{\"type\":\"t\",\"data\":{\"\\udc00\":1}}", InvalidMessageReasons.LoneSurrogate)]
    [InlineData("reversed surrogate pair", "{\"type\":\"t\",\"data\":{\"a\":\"\\ude00\\ud83d\"}}", InvalidMessageReasons.LoneSurrogate)]
    [InlineData("search not object", "{\"type\":\"t\",\"data\":{},\"search\":\"a@example.com\"}", InvalidMessageReasons.InvalidSearch)]
    [InlineData("search unknown field", "{\"type\":\"t\",\"data\":{},\"search\":{\"phone\":\"123\"}}", InvalidMessageReasons.UnknownField)]
    [InlineData("search email not string", "{\"type\":\"t\",\"data\":{},\"search\":{\"email\":5}}", InvalidMessageReasons.WrongType)]
    [InlineData("search email empty", "{\"type\":\"t\",\"data\":{},\"search\":{\"email\":\" \"}}", InvalidMessageReasons.InvalidSearch)]
    [InlineData("search email with tab", "{\"type\":\"t\",\"data\":{},\"search\":{\"email\":\"a\\t@b.c\"}}", InvalidMessageReasons.InvalidSearch)]
    [InlineData("NUL in search email", "{\"type\":\"t\",\"data\":{},\"search\":{\"email\":\"a\\u0000@b.c\"}}", InvalidMessageReasons.NulCharacter)]
    [InlineData("number overflows double", "{\"type\":\"t\",\"data\":{\"n\":1e400}}", InvalidMessageReasons.NumberOutOfRange)]
    [InlineData("number underflows double", "{\"type\":\"t\",\"data\":{\"n\":1e-400}}", InvalidMessageReasons.NumberOutOfRange)]
    [InlineData("huge exponent", "{\"type\":\"t\",\"data\":{\"n\":1e99999999999999999999}}", InvalidMessageReasons.NumberOutOfRange)]
    [InlineData("integer above 2^53", "{\"type\":\"t\",\"data\":{\"n\":9007199254740993}}", InvalidMessageReasons.NumberTooPrecise)]
    [InlineData("too many decimals", "{\"type\":\"t\",\"data\":{\"n\":3.14159265358979323846}}", InvalidMessageReasons.NumberTooPrecise)]
    public void Parse_BadMessage_RejectsWithSpecificReason(string kind, string body, string expectedReason)
    {
        Assert.False(string.IsNullOrEmpty(kind));
        Assert.Equal(expectedReason, RejectionReason(body));
    }

    [Fact]
    public void Parse_InvalidUtf8Bytes_RejectsAsInvalidUtf8WithOffset()
    {
        var body = Utf8("{\"type\":\"t\",\"data\":{\"a\":\"x\"}}");
        body[25] = 0xC3; // a lead byte followed by '"' is not UTF-8
        var ex = Assert.Throws<InvalidMessageException>(() => IngestMessageParser.Parse(body, MessageId));
        Assert.Equal(InvalidMessageReasons.InvalidUtf8, ex.Reason);
        Assert.Contains("byte offset 25", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EncodedSurrogateBytes_RejectsAsInvalidUtf8()
    {
        // ED A0 80 is U+D800 encoded as if it were a scalar value (CESU-8 style): not UTF-8.
        var body = Encoding.ASCII.GetBytes("{\"type\":\"t\",\"data\":{\"a\":\"...\"}}");
        body[25] = 0xED;
        body[26] = 0xA0;
        body[27] = 0x80;
        Assert.Equal(InvalidMessageReasons.InvalidUtf8, RejectionReason(body));
    }

    [Fact]
    public void Parse_ByteOrderMark_RejectsAsInvalidUtf8()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Utf8("{\"type\":\"t\",\"data\":{}}")];
        Assert.Equal(InvalidMessageReasons.InvalidUtf8, RejectionReason(body));
    }

    [Fact]
    public void Parse_StringWithLoneSurrogateChar_RejectsAsInvalidUtf8()
    {
        var ex = Assert.Throws<InvalidMessageException>(() => IngestMessageParser.Parse("{\"type\":\"t\",\"data\":{\"a\":\"\ud800\"}}", MessageId));
        Assert.Equal(InvalidMessageReasons.InvalidUtf8, ex.Reason);
    }

    [Fact]
    public void Parse_KeyLongerThan256_RejectsAsInvalidKey()
    {
        var ok = $"{{\"type\":\"t\",\"key\":\"{new string('k', 256)}\",\"data\":{{}}}}";
        Assert.Equal(256, IngestMessageParser.Parse(Utf8(ok), MessageId).Key.Length);

        var tooLong = $"{{\"type\":\"t\",\"key\":\"{new string('k', 257)}\",\"data\":{{}}}}";
        Assert.Equal(InvalidMessageReasons.InvalidKey, RejectionReason(tooLong));
    }

    [Fact]
    public void Parse_TypeLongerThan64_RejectsAsInvalidTypeName()
    {
        Assert.Equal("a" + new string('b', 63), IngestMessageParser.Parse(Utf8($"{{\"type\":\"a{new string('b', 63)}\",\"data\":{{}}}}"), MessageId).Type);
        Assert.Equal(InvalidMessageReasons.InvalidTypeName, RejectionReason($"{{\"type\":\"a{new string('b', 64)}\",\"data\":{{}}}}"));
    }

    [Fact]
    public void Parse_TooDeep_RejectsAtLimitPlusOne()
    {
        var limits = new MessageLimits { MaxDepth = 8 };
        Assert.Equal("t", IngestMessageParser.Parse(Utf8(Nested(8)), MessageId, limits).Type);
        Assert.Equal(InvalidMessageReasons.TooDeep, RejectionReason(Nested(9), limits));
    }

    [Fact]
    public void Parse_DefaultDepthLimit_Is32()
    {
        Assert.Equal("t", IngestMessageParser.Parse(Utf8(Nested(32)), MessageId).Type);
        Assert.Equal(InvalidMessageReasons.TooDeep, RejectionReason(Nested(33)));
        Assert.Equal(InvalidMessageReasons.TooDeep, RejectionReason(Nested(2_000)));
    }

    [Fact]
    public void Parse_TooLarge_RejectsBeforeParsing()
    {
        var limits = new MessageLimits { MaxBodyBytes = 1_000 };
        var prefix = "{\"type\":\"t\",\"data\":{\"a\":\"";
        var fits = prefix + new string('x', 1_000 - prefix.Length - 3) + "\"}}";
        Assert.Equal(1_000, Utf8(fits).Length);
        Assert.Equal("t", IngestMessageParser.Parse(Utf8(fits), MessageId, limits).Type);

        // One byte over, and not even JSON: size is checked first.
        var ex = Assert.Throws<InvalidMessageException>(() => IngestMessageParser.Parse(new byte[1_001], MessageId, limits));
        Assert.Equal(InvalidMessageReasons.TooLarge, ex.Reason);
        Assert.Contains("1001 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DefaultBodyLimit_LeavesEnvelopeHeadroomUnderStepFunctionsLimit()
    {
        Assert.Equal(253_952, MessageLimits.Default.MaxBodyBytes);
        Assert.Equal(MessageLimits.StepFunctionsMaxInputBytes, MessageLimits.Default.MaxBodyBytes + MessageLimits.EnvelopeHeadroomBytes);
        Assert.Equal(InvalidMessageReasons.TooLarge, RejectionReason(new byte[253_953]));
    }

    [Fact]
    public void Parse_ErrorMessages_NeverEchoDataContentOrNames()
    {
        var ex = Rejection("{\"type\":\"t\",\"data\":{\"patient-ssn\":{\"123-45-6789\":1,\"123-45-6789\":2}}}");
        Assert.Equal(InvalidMessageReasons.DuplicateProperty, ex.Reason);
        Assert.DoesNotContain("123-45-6789", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("patient-ssn", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.data.*.*", ex.Message, StringComparison.Ordinal);

        var key = Rejection("{\"type\":\"t\",\"key\":\"secret\\u0001value\",\"data\":{}}");
        Assert.DoesNotContain("secret", key.Message, StringComparison.Ordinal);
        Assert.Contains("U+0001", key.Message, StringComparison.Ordinal);
        Assert.Contains("$.key", key.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownField_NamesFieldAndAllowedOnes()
    {
        var ex = Rejection("{\"type\":\"t\",\"data\":{},\"Data\":{}}");
        Assert.Equal(InvalidMessageReasons.UnknownField, ex.Reason);
        Assert.Contains("$.Data", ex.Message, StringComparison.Ordinal);
        Assert.Contains("type, key, data, search", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownFieldWithUnprintableName_NameEscapedInMessage()
    {
        var ex = Rejection("{\"type\":\"t\",\"data\":{},\"a\\u0001\u00e9\":1}");

        Assert.Equal(InvalidMessageReasons.UnknownField, ex.Reason);
        Assert.Contains("$['a\\u0001\\u00e9']", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidJson_SaysWhereAndWhatToDo()
    {
        var ex = Rejection("{\"type\":\"t\",\n\"data\":{\"a\" 1}}");
        Assert.Equal(InvalidMessageReasons.InvalidJson, ex.Reason);
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RFC 8259", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidLimits_ThrowsConfigurationException()
    {
        var ex = Assert.Throws<ConfigurationException>(() => IngestMessageParser.Parse(Utf8("{}"), MessageId, new MessageLimits { MaxBodyBytes = 300_000 }));
        Assert.Equal(nameof(MessageLimits.MaxBodyBytes), ex.Setting);
    }
}
