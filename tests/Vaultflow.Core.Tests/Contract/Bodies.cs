using System.Text;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Tests.Contract;

internal static class Bodies
{
    public const string MessageId = "7b9c2f4e-1d2a-4c4b-9e55-0a8f3c6d1e21";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Parses and returns the reason code of the expected rejection.</summary>
    public static string RejectionReason(string body, MessageLimits? limits = null) =>
        RejectionReason(Utf8(body), limits);

    public static string RejectionReason(byte[] body, MessageLimits? limits = null)
    {
        var ex = Assert.Throws<InvalidMessageException>(() => IngestMessageParser.Parse(body, MessageId, limits));
        Assert.Equal(ErrorTypes.InvalidMessage, ex.ErrorType);
        Assert.False(ex.IsRetryable);
        Assert.NotNull(InvalidMessageReasons.Find(ex.Reason));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        return ex.Reason;
    }

    public static InvalidMessageException Rejection(string body, MessageLimits? limits = null) =>
        Assert.Throws<InvalidMessageException>(() => IngestMessageParser.Parse(Utf8(body), MessageId, limits));

    public static string Nested(int depth)
    {
        // The message is depth 1 and data depth 2; every further level is one more object.
        var builder = new StringBuilder("{\"type\":\"t\",\"data\":");
        for (var i = 1; i < depth; i++)
        {
            builder.Append("{\"a\":");
        }

        builder.Append("1");
        builder.Append('}', depth - 1);
        builder.Append('}');
        return builder.ToString();
    }
}
