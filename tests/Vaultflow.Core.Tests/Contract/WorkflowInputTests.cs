using System.Text;
using System.Text.Json;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using static Vaultflow.Core.Tests.Contract.Bodies;

namespace Vaultflow.Core.Tests.Contract;

public class WorkflowInputTests
{
    private static readonly StartedBy Starter = new("c6af9ac6-7b61-11e6-9a41-93e812345678", "vaultflow-starter");

    private static string RejectionReason(string input) =>
        Assert.Throws<InvalidMessageException>(() => WorkflowInputParser.Parse(Utf8(input))).Reason;

    [Fact]
    public void ToUtf8Json_CamelCaseWithMessageBytesVerbatim()
    {
        var body = "{\"type\":\"t\",\"data\":{\"s\":\"\u65e5\u672c \ud83d\ude00 <&>\"}}";
        var message = IngestMessageParser.Parse(body, MessageId);

        var json = Encoding.UTF8.GetString(WorkflowInput.Create(message, MessageId, 2, 1, 3, Starter).ToUtf8Json());

        Assert.Equal(
            "{\"message\":" + body + ",\"idempotencyKey\":\"" + MessageId + "\",\"messageId\":\"" + MessageId + "\",\"receiveCount\":2,\"replayCount\":1,\"hops\":3,\"startedBy\":{\"awsRequestId\":\"" + Starter.AwsRequestId + "\",\"functionName\":\"vaultflow-starter\"}}",
            json);
    }

    [Fact]
    public void Parse_RoundTrip_KeepsEveryField()
    {
        var message = IngestMessageParser.Parse(Utf8("{\"type\":\"order.created\",\"key\":\"order-42\",\"data\":{\"a\":[1,2]},\"search\":{\"email\":\"a@b.c\"}}"), MessageId);
        var original = WorkflowInput.Create(message, MessageId, 4, 2, 5, Starter);

        var parsed = WorkflowInputParser.Parse(original.ToUtf8Json());

        Assert.False(parsed.IsConsoleInput);
        Assert.Equal("order-42", parsed.Input.IdempotencyKey);
        Assert.Equal(MessageId, parsed.Input.MessageId);
        Assert.Equal((4, 2, 5), (parsed.Input.ReceiveCount, parsed.Input.ReplayCount, parsed.Input.Hops));
        Assert.Equal(Starter, parsed.Input.StartedBy);
        Assert.Equal("order.created", parsed.Message.Type);
        Assert.Equal("a@b.c", parsed.Message.Search["email"]);
        Assert.True(message.Utf8Json.Span.SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(parsed.Input.Message, WorkflowJsonContext.Default.JsonElement)));
        Assert.Equal(original.ToUtf8Json(), parsed.Input.ToUtf8Json());
    }

    [Fact]
    public void Parse_ConsoleOnlyMessage_ContentHashKeyAndZeroCounts()
    {
        var parsed = WorkflowInputParser.Parse(Utf8("{\"message\":{\"type\":\"t\",\"data\":{\"b\":1,\"a\":2}}}"));
        var reordered = WorkflowInputParser.Parse(Utf8("{ \"message\" : { \"data\" : { \"a\" : 2, \"b\" : 1 }, \"type\" : \"t\" } }"));

        Assert.True(parsed.IsConsoleInput);
        Assert.StartsWith(ContentHash.Prefix, parsed.Input.IdempotencyKey, StringComparison.Ordinal);
        Assert.Equal(KeySource.ContentHash, parsed.Message.KeySource);
        Assert.Equal(reordered.Input.IdempotencyKey, parsed.Input.IdempotencyKey);
        Assert.Equal((0, 0, 0), (parsed.Input.ReceiveCount, parsed.Input.ReplayCount, parsed.Input.Hops));
        Assert.Null(parsed.Input.MessageId);
        Assert.Null(parsed.Input.StartedBy);
        Assert.DoesNotContain("startedBy", Encoding.UTF8.GetString(parsed.Input.ToUtf8Json()), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ConsoleMessageWithProducerKey_UsesProducerKey()
    {
        var parsed = WorkflowInputParser.Parse(Utf8("{\"message\":{\"type\":\"t\",\"key\":\"order-42\",\"data\":{}}}"));

        Assert.Equal("order-42", parsed.Input.IdempotencyKey);
        Assert.Equal(KeySource.Producer, parsed.Message.KeySource);
    }

    [Theory]
    [InlineData("{}", InvalidMessageReasons.MissingField)]
    [InlineData("{\"type\":\"t\",\"data\":{}}", InvalidMessageReasons.UnknownField)]
    [InlineData("{\"message\":[1]}", InvalidMessageReasons.WrongType)]
    [InlineData("{\"message\":\"{}\"}", InvalidMessageReasons.WrongType)]
    [InlineData("[]", InvalidMessageReasons.NotAnObject)]
    [InlineData("{\"message\":{\"type\":\"t\",\"data\":{}},\"replayCount\":-1}", InvalidMessageReasons.InvalidCount)]
    [InlineData("{\"message\":{\"type\":\"t\",\"data\":{}},\"hops\":1.5}", InvalidMessageReasons.InvalidCount)]
    [InlineData("{\"message\":{\"type\":\"t\",\"data\":{}},\"receiveCount\":3000000000}", InvalidMessageReasons.InvalidCount)]
    [InlineData("{\"message\":{\"type\":\"t\",\"data\":{}},\"hops\":\"1\"}", InvalidMessageReasons.WrongType)]
    [InlineData("{\"message\":{\"type\":\"t\",\"data\":{}},\"idempotencyKey\":\"\"}", InvalidMessageReasons.InvalidKey)]
    [InlineData("{\"message\":{\"type\":\"t\",\"data\":{}},\"startedBy\":{\"awsRequestId\":\"r\"}}", InvalidMessageReasons.MissingField)]
    [InlineData("{\"message\":{\"type\":\"t\",\"data\":{}},\"startedBy\":{\"awsRequestId\":\"r\",\"functionName\":\"f\",\"x\":1}}", InvalidMessageReasons.UnknownField)]
    [InlineData("{\"message\":{\"type\":\"t\",\"data\":{}},\"extra\":1}", InvalidMessageReasons.UnknownField)]
    [InlineData("{\"message\":{\"type\":\"t\",\"data\":{}},\"message\":{\"type\":\"u\",\"data\":{}}}", InvalidMessageReasons.DuplicateProperty)]
    [InlineData("{\"message\":{\"type\":\"T\",\"data\":{}}}", InvalidMessageReasons.InvalidTypeName)]
    [InlineData("{\"message\":{\"type\":\"t\",\"data\":[]}}", InvalidMessageReasons.DataNotObject)]
    public void Parse_WrongShape_RejectsWithReason(string input, string reason)
    {
        Assert.Equal(reason, RejectionReason(input));
    }

    [Fact]
    public void Parse_PastedBareMessage_HintsToWrapIt()
    {
        var ex = Assert.Throws<InvalidMessageException>(() => WorkflowInputParser.Parse(Utf8("{\"type\":\"t\",\"data\":{}}")));
        Assert.Equal(InvalidMessageReasons.UnknownField, ex.Reason);
        Assert.Contains("wrap it as {\"message\": {...}}", ex.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<InvalidMessageException>(() => WorkflowInputParser.Parse(Utf8("{\"receiveCount\":1}")));
        Assert.Equal(InvalidMessageReasons.MissingField, missing.Reason);
        Assert.Contains("$.message", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MessagePathsArePrefixed()
    {
        var ex = Assert.Throws<InvalidMessageException>(() => WorkflowInputParser.Parse(Utf8("{\"message\":{\"type\":\"t\",\"data\":{},\"search\":{\"email\":1}}}")));

        Assert.Equal(InvalidMessageReasons.WrongType, ex.Reason);
        Assert.Contains("$.message.search.email", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToUtf8Json_WorstCaseEnvelope_FitsHeadroom()
    {
        // Every envelope string at its maximum, made of characters the default encoder escapes as \uXXXX.
        var limits = MessageLimits.Default;
        var prefix = "{\"type\":\"t\",\"data\":{\"a\":\"";
        var body = prefix + new string('x', limits.MaxBodyBytes - prefix.Length - 3) + "\"}}";
        var message = IngestMessageParser.Parse(body, "m");
        var input = new WorkflowInput
        {
            Message = message.ParseMessage(),
            IdempotencyKey = new string('<', MessageLimits.MaxKeyLength),
            MessageId = new string('\u00e9', MessageLimits.MaxKeyLength),
            ReceiveCount = int.MaxValue,
            ReplayCount = int.MaxValue,
            Hops = int.MaxValue,
            StartedBy = new StartedBy(new string('&', StartedBy.MaxRequestIdLength), new string('+', StartedBy.MaxFunctionNameLength)),
        };

        var json = input.ToUtf8Json();

        Assert.Equal(limits.MaxBodyBytes, Encoding.UTF8.GetByteCount(body));
        Assert.True(json.Length - limits.MaxBodyBytes <= MessageLimits.EnvelopeHeadroomBytes, $"envelope {json.Length - limits.MaxBodyBytes} bytes");
        Assert.True(json.Length <= MessageLimits.StepFunctionsMaxInputBytes);
    }

    [Fact]
    public void Parse_InputOverStepFunctionsLimit_TooLarge()
    {
        Assert.Equal(InvalidMessageReasons.TooLarge, Assert.Throws<InvalidMessageException>(() => WorkflowInputParser.Parse(new byte[262_145])).Reason);
    }
}
