using System.Text.Json;
using Vaultflow.Core.Workflow.Failures;

namespace Vaultflow.Core.Tests.Workflow;

public class DeadLetterBodyTests
{
    [Theory]
    [InlineData("{\"type\":\"t\",\"data\":{}}")]
    [InlineData("tab\tnewline\ncarriage\r")]
    [InlineData("Zoë 😀 \ufffd")]
    public void ForSqs_SendableBody_Unchanged(string body)
    {
        var (sent, note) = DeadLetterBody.ForSqs(body);

        Assert.Equal(body, sent);
        Assert.Null(note);
    }

    [Theory]
    [InlineData("a", 0x0000, "b")]
    [InlineData("", 0x0007, "")]
    [InlineData("x", 0xD800, "y")]
    [InlineData("x", 0xDC00, "")]
    [InlineData("", 0xFFFF, "")]
    public void ForSqs_UnsendableCharacter_ParkedAsJsonStringLiteralThatDecodesToTheOriginal(string before, int code, string after)
    {
        // Built here: xunit cannot carry a lone surrogate through InlineData.
        var body = before + (char)code + after;
        var index = before.Length;
        Assert.Equal(index, DeadLetterBody.FirstUnsendable(body));

        var (sent, note) = DeadLetterBody.ForSqs(body);

        Assert.Equal(-1, DeadLetterBody.FirstUnsendable(sent));
        Assert.Contains($"at index {index}", note, StringComparison.Ordinal);
        Assert.Contains("JSON string literal", note, StringComparison.Ordinal);
        if (!body.Any(char.IsSurrogate))
        {
            Assert.Equal(body, JsonDocument.Parse(sent).RootElement.GetString());
        }
    }

    [Fact]
    public void ForSqs_EmptyBody_ParkedAsEmptyJsonString()
    {
        var (sent, note) = DeadLetterBody.ForSqs(string.Empty);

        Assert.Equal("\"\"", sent);
        Assert.Contains("empty body", note, StringComparison.Ordinal);
    }
}
