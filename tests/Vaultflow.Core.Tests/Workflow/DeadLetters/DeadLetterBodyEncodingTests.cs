using System.Text;
using Vaultflow.Core.Workflow.Failures;

namespace Vaultflow.Core.Tests.Workflow.DeadLetters;

public class DeadLetterBodyEncodingTests
{
    public static TheoryData<string> Bodies => new()
    {
        "{\"type\":\"t\",\"data\":{}}",
        "Zoë ✓ 😀 \ud83d\ude00 tab\t",
        "\uffff raw non-character \u0000 nul \u0007 bell",
        "quotes \" and backslash \\ and \\u0041 already escaped",
        new string('x', 10_000),
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void ToJsonString_AnyText_PrintableAsciiThatDecodesToTheOriginal(string original)
    {
        var encoded = DeadLetterBodyEncoding.ToJsonString(original);

        Assert.DoesNotContain(encoded, c => c is < ' ' or > '~');
        Assert.True(DeadLetterBodyEncoding.TryDecode(DeadLetterBodyEncoding.JsonString, encoded, out var decoded, out var problem), problem);
        Assert.Equal(original, decoded);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void ToGzipBase64_WellFormedText_Base64ThatDecodesToTheOriginal(string original)
    {
        var encoded = DeadLetterBodyEncoding.ToGzipBase64(original);

        Assert.NotNull(encoded);
        Assert.DoesNotContain(encoded, c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='));
        Assert.True(DeadLetterBodyEncoding.TryDecode(DeadLetterBodyEncoding.GzipBase64, encoded, out var decoded, out var problem), problem);
        Assert.Equal(original, decoded);
    }

    [Fact]
    public void ToGzipBase64_LoneSurrogate_NullBecauseUtf8CannotHoldItExactly()
    {
        var original = "a" + '\ud800' + "b";

        Assert.Null(DeadLetterBodyEncoding.ToGzipBase64(original));
        Assert.True(DeadLetterBodyEncoding.TryDecode(DeadLetterBodyEncoding.JsonString, DeadLetterBodyEncoding.ToJsonString(original), out var decoded, out _));
        Assert.Equal(original, decoded);
    }

    [Fact]
    public void TryDecode_NoEncoding_BodyIsTheOriginal()
    {
        Assert.True(DeadLetterBodyEncoding.TryDecode(null, "{\"a\":1}", out var decoded, out var problem));
        Assert.Equal("{\"a\":1}", decoded);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("json-string", "{\"not\":\"a string\"}")]
    [InlineData("json-string", "\"unterminated")]
    [InlineData("gzip-base64", "not base64 at all!")]
    [InlineData("gzip-base64", "AAAA")]
    [InlineData("rot13", "\"x\"")]
    public void TryDecode_BodyDoesNotMatchItsEncoding_FalseWithAProblemThatNeverEchoesTheBody(string encoding, string body)
    {
        Assert.False(DeadLetterBodyEncoding.TryDecode(encoding, body, out _, out var problem));

        Assert.NotNull(problem);
        Assert.Contains("vf-body-encoding", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(body, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_GzipOfInvalidUtf8_False()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write([0x7b, 0xff, 0xfe, 0x7d]);
        }

        Assert.False(DeadLetterBodyEncoding.TryDecode(DeadLetterBodyEncoding.GzipBase64, Convert.ToBase64String(buffer.ToArray()), out _, out var problem));
        Assert.Contains(nameof(DecoderFallbackException), problem, StringComparison.Ordinal);
    }
}
