using Vaultflow.Core.Contract;

namespace Vaultflow.Core.Workflow.Failures;

/// <summary>
/// How a reason code travels through Step Functions: a <c>Vaultflow.InvalidMessage</c> error's
/// <c>errorMessage</c> starts with <c>"&lt;reason-code&gt;: "</c> (the handlers' error-payload producer
/// writes it), and RouteFailure reads it back from the Catch's Cause.
/// </summary>
public static class ErrorMessageConvention
{
    private const string Separator = ": ";

    /// <summary><c>"too-deep: The message ..."</c>; unchanged when it already starts with that reason.</summary>
    public static string Format(string reason, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentNullException.ThrowIfNull(message);
        return message.StartsWith(reason + Separator, StringComparison.Ordinal) ? message : reason + Separator + message;
    }

    /// <summary>The reason code at the start of <paramref name="errorMessage"/> when it is a known one; else null.</summary>
    public static string? TryReadReason(string? errorMessage)
    {
        if (string.IsNullOrEmpty(errorMessage))
        {
            return null;
        }

        var end = errorMessage.IndexOf(Separator, StringComparison.Ordinal);
        if (end <= 0)
        {
            return null;
        }

        var code = errorMessage[..end];
        return InvalidMessageReasons.Find(code) is not null ? code : null;
    }
}
