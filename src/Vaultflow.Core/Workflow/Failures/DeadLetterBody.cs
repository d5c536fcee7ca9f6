using Vaultflow.Core.Contract;

namespace Vaultflow.Core.Workflow.Failures;

/// <summary>
/// Makes a poison body sendable to the DLQ. SQS refuses empty bodies and characters outside
/// #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF, so such a body would fail the send on
/// every retry and never be parked. It can reach the Starter only through a direct invoke (never through a
/// queue), and RouteFailure through a console input (JSON may hold a raw U+FFFF). It is parked as a JSON
/// string literal of the original instead (<c>vf-body-encoding: json-string</c>), and the failure detail says so.
/// </summary>
public static class DeadLetterBody
{
    /// <summary>The body to send and, when it had to be encoded, a sentence to append to the failure detail.</summary>
    public static (string Body, string? Note) ForSqs(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length == 0)
        {
            return ("\"\"", "The DLQ body is \"\" (a JSON string literal): SQS cannot carry an empty body.");
        }

        var bad = FirstUnsendable(body);
        if (bad < 0)
        {
            return (body, null);
        }

        return (
            DeadLetterBodyEncoding.ToJsonString(body),
            $"The body holds {Describe.CodePoint(body[bad])} at index {bad}, which SQS cannot carry, so the DLQ body is the original as a JSON string literal (decode it to see the text as received).");
    }

    /// <summary>Index of the first character SQS refuses in a message body, or -1.</summary>
    public static int FirstUnsendable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (!IsSendable(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether SQS carries this UTF-16 unit on its own (a surrogate only as part of a pair, which this cannot see).</summary>
    public static bool IsSendable(char c) => c is '\t' or '\n' or '\r' || (c >= ' ' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD');
}
