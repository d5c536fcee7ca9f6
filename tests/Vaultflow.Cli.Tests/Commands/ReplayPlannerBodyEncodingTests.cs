using Amazon.SQS.Model;
using Vaultflow.Aws.Replay;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Failures;

namespace Vaultflow.Cli.Tests.Commands;

/// <summary>Replay of messages parked in an encoded form (vf-body-encoding): the original body goes back, or the message stays.</summary>
public sealed class ReplayPlannerBodyEncodingTests
{
    private const string Original = """{"type":"order.created","data":{"name":"Zoë 😀"}}""";

    private static readonly ReplayPlanner Planner = new(RecursionGuardOptions.Default, null, force: false);

    [Theory]
    [InlineData(DeadLetterBodyEncoding.JsonString)]
    [InlineData(DeadLetterBodyEncoding.GzipBase64)]
    public void Plan_EncodedBody_MovesTheOriginalBodyWithoutTheEncodingAttribute(string encoding)
    {
        var body = encoding == DeadLetterBodyEncoding.JsonString ? DeadLetterBodyEncoding.ToJsonString(Original) : DeadLetterBodyEncoding.ToGzipBase64(Original)!;

        var decision = Planner.Plan("dlq-1", Parked(encoding), body);

        Assert.Equal(ReplayAction.Move, decision.Action);
        Assert.Equal(Original, decision.Body);
        Assert.False(decision.Attributes!.ContainsKey(MessageAttributeNames.BodyEncoding));
    }

    [Fact]
    public void Plan_NoEncoding_BodyGoesAsIs()
    {
        var decision = Planner.Plan("dlq-1", Parked(null), Original);

        Assert.Equal(ReplayAction.Move, decision.Action);
        Assert.Equal(Original, decision.Body);
    }

    [Fact]
    public void Plan_BodyThatDoesNotDecode_RefusedAsInvalidAttributeAndStays()
    {
        var decision = Planner.Plan("dlq-1", Parked(DeadLetterBodyEncoding.GzipBase64), "not base64!");

        Assert.Equal(ReplayAction.Refuse, decision.Action);
        Assert.Equal("invalid-attribute", decision.RefusalReason);
        Assert.Contains("stays in the DLQ", decision.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\uffffb")]
    public void Plan_OriginalSqsCannotCarry_RefusedAsUnsendableBody(string original)
    {
        var decision = Planner.Plan("dlq-1", Parked(DeadLetterBodyEncoding.JsonString), DeadLetterBodyEncoding.ToJsonString(original));

        Assert.Equal(ReplayAction.Refuse, decision.Action);
        Assert.Equal(ReplayPlanner.UnsendableBody, decision.RefusalReason);
        Assert.Contains("Start an execution", decision.Detail, StringComparison.Ordinal);
    }

    private static Dictionary<string, MessageAttributeValue> Parked(string? encoding)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["vf-failure"] = new() { DataType = "String", StringValue = "retries-exhausted" },
            ["vf-replay-count"] = new() { DataType = "String", StringValue = "0" },
            ["vf-hops"] = new() { DataType = "String", StringValue = "1" },
            ["vf-origin-id"] = new() { DataType = "String", StringValue = "origin-1" },
        };
        if (encoding is not null)
        {
            attributes[MessageAttributeNames.BodyEncoding] = new() { DataType = "String", StringValue = encoding };
        }

        return attributes;
    }
}
