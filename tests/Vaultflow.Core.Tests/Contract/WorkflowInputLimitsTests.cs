using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using static Vaultflow.Core.Tests.Contract.Bodies;

namespace Vaultflow.Core.Tests.Contract;

public class WorkflowInputLimitsTests
{
    [Fact]
    public void Parse_MessageAtDepthLimit_AcceptedInsideEnvelope()
    {
        var limits = new MessageLimits { MaxDepth = 6 };

        var parsed = WorkflowInputParser.Parse(Utf8("{\"message\":" + Nested(6) + "}"), limits);
        var ex = Assert.Throws<InvalidMessageException>(() => WorkflowInputParser.Parse(Utf8("{\"message\":" + Nested(7) + "}"), limits));

        Assert.Equal("t", parsed.Message.Type);
        Assert.Equal(InvalidMessageReasons.TooDeep, ex.Reason);
    }

    [Fact]
    public void Parse_ExplicitIdempotencyKey_WinsOverMessageKey()
    {
        var parsed = WorkflowInputParser.Parse(Utf8("{\"message\":{\"type\":\"t\",\"key\":\"k1\",\"data\":{}},\"idempotencyKey\":\"k2\",\"messageId\":\"m\"}"));

        Assert.False(parsed.IsConsoleInput);
        Assert.Equal("k2", parsed.Input.IdempotencyKey);
        Assert.Equal("k1", parsed.Message.Key);
    }

    [Fact]
    public void Parse_MessageIdWithoutMessageKey_KeyDefaultsToMessageId()
    {
        var parsed = WorkflowInputParser.Parse(Utf8("{\"message\":{\"type\":\"t\",\"data\":{}},\"messageId\":\"m-1\"}"));

        Assert.Equal("m-1", parsed.Input.IdempotencyKey);
        Assert.Equal(KeySource.MessageId, parsed.Message.KeySource);
    }
}
