using System.Text;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Failures;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Core.Tests.Workflow.DeadLetters;

public class DeadLetterFallbackTests
{
    private static readonly RoutingState Next = new(1, 3, "origin-1");

    [Fact]
    public void Reduce_CompressibleBody_GzipBase64OnlyVaultflowAttributesAndRestorable()
    {
        var original = "{\"type\":\"t\",\"data\":{\"s\":\"" + string.Concat(Enumerable.Repeat("Zoë 😀 order ", 20_000)) + "\"}}";
        var draft = new DeadLetterDraft(original, "too-deep", "Vaultflow.InvalidMessage: too-deep: nested deeper than 32.", Next);

        var reduced = DeadLetterFallback.Reduce(draft, "InvalidParameterValue");

        Assert.Equal(DeadLetterBodyEncoding.GzipBase64, reduced.Attributes[MessageAttributeNames.BodyEncoding].StringValue);
        Assert.True(DeadLetterBodyEncoding.TryDecode(DeadLetterBodyEncoding.GzipBase64, reduced.Body, out var restored, out _));
        Assert.Equal(original, restored);
        Assert.True(DeadLetterFallback.SizeOf(reduced) < 20_000);
        Assert.Equal("too-deep", reduced.Attributes[MessageAttributeNames.Failure].StringValue);
        Assert.Equal("1", reduced.Attributes[MessageAttributeNames.ReplayCount].StringValue);
        Assert.Equal("3", reduced.Attributes[MessageAttributeNames.Hops].StringValue);
        Assert.Equal("origin-1", reduced.Attributes[MessageAttributeNames.OriginId].StringValue);
        var detail = reduced.Attributes[MessageAttributeNames.FailureDetail].StringValue!;
        Assert.StartsWith("Vaultflow.InvalidMessage: too-deep: nested deeper than 32. [SQS refused", detail, StringComparison.Ordinal);
        Assert.Contains("InvalidParameterValue", detail, StringComparison.Ordinal);
        Assert.Contains("gzip-base64", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Reduce_SmallOrIncompressibleBody_JsonStringWhichIsReadable()
    {
        var draft = new DeadLetterDraft("{n:\uffff}", "step-failed", "Boom", Next);

        var reduced = DeadLetterFallback.Reduce(draft, "InvalidMessageContents");

        Assert.Equal(DeadLetterBodyEncoding.JsonString, reduced.Attributes[MessageAttributeNames.BodyEncoding].StringValue);
        Assert.Equal("\"{n:\\uffff}\"", reduced.Body);
    }

    [Fact]
    public void Reduce_LoneSurrogateBody_JsonStringEvenWhenLarge()
    {
        var original = new string('a', 50_000) + '\udc00';

        var reduced = DeadLetterFallback.Reduce(new DeadLetterDraft(original, "step-failed", "Boom", Next), "InvalidMessageContents");

        Assert.Equal(DeadLetterBodyEncoding.JsonString, reduced.Attributes[MessageAttributeNames.BodyEncoding].StringValue);
        Assert.True(DeadLetterBodyEncoding.TryDecode(DeadLetterBodyEncoding.JsonString, reduced.Body, out var restored, out _));
        Assert.Equal(original, restored);
    }

    [Theory]
    [InlineData(600, DeadLetterFallback.MaxMessageBytes - 8)]
    [InlineData(1_500, DeadLetterFallback.MaxMessageBytes - 1_500)]
    [InlineData(3_000, DeadLetterFallback.MaxMessageBytes - 3_000)]
    public void Reduce_IncompressibleBodyAtThe256KiBEdge_DetailCutSoTheWholeMessageFits(int headroom, int atLeast)
    {
        // Random printable ASCII does not shrink under gzip + base64, so the body stays json-string, 2 bytes longer.
        var body = Incompressible(DeadLetterFallback.MaxMessageBytes - headroom - 2);
        var detail = "Vaultflow.Transient: " + new string('€', 1_000);

        var reduced = DeadLetterFallback.Reduce(new DeadLetterDraft(body, "retries-exhausted", detail, Next), "InvalidParameterValue");

        Assert.Equal(DeadLetterBodyEncoding.JsonString, reduced.Attributes[MessageAttributeNames.BodyEncoding].StringValue);
        Assert.InRange(DeadLetterFallback.SizeOf(reduced), atLeast, DeadLetterFallback.MaxMessageBytes);
        var sent = reduced.Attributes[MessageAttributeNames.FailureDetail].StringValue!;
        Assert.StartsWith("Vaultflow.Transient: €€€", sent, StringComparison.Ordinal);
        Assert.Contains("€... [SQS refused", sent, StringComparison.Ordinal);
        Assert.True(sent.Length <= MessageAttributeLimit.MaxFailureDetailLength);
        Assert.EndsWith("producer attributes dropped.]", sent, StringComparison.Ordinal);
    }

    [Fact]
    public void Reduce_NoRoomForTheOriginalDetail_TheNoteAloneCutToFit()
    {
        var body = Incompressible(DeadLetterFallback.MaxMessageBytes - 300);

        var reduced = DeadLetterFallback.Reduce(new DeadLetterDraft(body, "retries-exhausted", "Vaultflow.Transient: a long story " + new string('x', 900), Next), "InvalidParameterValue");

        var sent = reduced.Attributes[MessageAttributeNames.FailureDetail].StringValue!;
        Assert.StartsWith("[SQS refused", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("a long story", sent, StringComparison.Ordinal);
        Assert.Equal(DeadLetterFallback.MaxMessageBytes, DeadLetterFallback.SizeOf(reduced));
    }

    [Fact]
    public void Reduce_BodyAloneOverTheLimit_StillAMessageWithANonEmptyDetailForTheQueueToJudge()
    {
        var body = Incompressible(DeadLetterFallback.MaxMessageBytes + 10);

        var reduced = DeadLetterFallback.Reduce(new DeadLetterDraft(body, "step-failed", "Boom", Next), "InvalidParameterValue");

        Assert.False(string.IsNullOrEmpty(reduced.Attributes[MessageAttributeNames.FailureDetail].StringValue));
        Assert.True(DeadLetterFallback.SizeOf(reduced) > DeadLetterFallback.MaxMessageBytes);
    }

    [Fact]
    public void Reduce_TooManyProducerAttributes_OnlyVaultflowsAreKept()
    {
        var producer = Enumerable.Range(0, 9).ToDictionary(i => "attr" + i, i => QueueAttribute.String("v" + i));
        var draft = new DeadLetterDraft("{\"type\":\"t\"}", "invalid-json", "bad", Next, producer);

        var reduced = DeadLetterFallback.Reduce(draft, "InvalidParameterValue");

        Assert.All(reduced.Attributes.Keys, name => Assert.True(MessageAttributeNames.IsVaultflow(name), name));
        Assert.Equal(6, reduced.Attributes.Count);
        Assert.True(reduced.Attributes.Count <= MessageAttributeLimit.MaxAttributes);
    }

    [Fact]
    public void Reduce_UnsendableCharactersInDetailAndReason_ReplacedSoEveryValueIsSendable()
    {
        var detail = "Boom \uffff and \ud800 lone, emoji 😀 kept, nul \u0000";
        var draft = new DeadLetterDraft("{}", "step-\ufffefailed", detail, new RoutingState(0, 0, null).NextHop("has space", isReplay: false));

        var reduced = DeadLetterFallback.Reduce(draft, "InvalidParameterValue");

        Assert.All(reduced.Attributes.Values, v => Assert.Equal(-1, DeadLetterBody.FirstUnsendable(v.StringValue!)));
        Assert.StartsWith("Boom ? and ? lone, emoji 😀 kept, nul ?", reduced.Attributes[MessageAttributeNames.FailureDetail].StringValue, StringComparison.Ordinal);
        Assert.Equal("step-?failed", reduced.Attributes[MessageAttributeNames.Failure].StringValue);

        // The guard would refuse "has space" as vf-origin-id on replay, so it is dropped rather than sent.
        Assert.False(reduced.Attributes.ContainsKey(MessageAttributeNames.OriginId));
    }

    [Fact]
    public void Reduce_DetailCutInsideASurrogatePair_NeverSplitsIt()
    {
        var detail = string.Concat(Enumerable.Repeat("😀", 2_000));

        var reduced = DeadLetterFallback.Reduce(new DeadLetterDraft("{}", "step-failed", detail, Next), "InvalidParameterValue");

        var sent = reduced.Attributes[MessageAttributeNames.FailureDetail].StringValue!;
        Assert.True(sent.Length <= MessageAttributeLimit.MaxFailureDetailLength);
        Assert.Equal(-1, DeadLetterBody.FirstUnsendable(sent));
        Assert.Contains("😀...", sent, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMessage_UnsendableBody_MarkedJsonString()
    {
        var message = new DeadLetterDraft("a\uffffb", "step-failed", "Boom", Next).ToMessage();

        Assert.Equal(DeadLetterBodyEncoding.JsonString, message.Attributes[MessageAttributeNames.BodyEncoding].StringValue);
        Assert.True(DeadLetterBodyEncoding.TryDecode(DeadLetterBodyEncoding.JsonString, message.Body, out var restored, out _));
        Assert.Equal("a\uffffb", restored);
    }

    [Fact]
    public void ToMessage_SendableBody_AsIsWithoutAnEncoding()
    {
        var message = new DeadLetterDraft("{\"type\":\"t\"}", "step-failed", "Boom", Next).ToMessage();

        Assert.Equal("{\"type\":\"t\"}", message.Body);
        Assert.False(message.Attributes.ContainsKey(MessageAttributeNames.BodyEncoding));
    }

    private static string Incompressible(int length)
    {
        var random = new Random(42);
        var builder = new StringBuilder(length);
        while (builder.Length < length)
        {
            var c = (char)random.Next(' ', '~' + 1);
            if (c is not '"' and not '\\')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
