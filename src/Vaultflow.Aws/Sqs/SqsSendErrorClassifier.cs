using Vaultflow.Core.Errors;

namespace Vaultflow.Aws.Sqs;

/// <summary>What an SQS SendMessage error means for the sender.</summary>
public enum SqsSendErrorKind
{
    /// <summary>Throttling, a 5xx, an expired session token, KMS throttling: retry later.</summary>
    Transient,

    /// <summary>This message was refused (characters, size, attributes): a reduced form may be taken.</summary>
    Content,

    /// <summary>Every message would be refused: access, a missing queue, an unusable KMS key, refused credentials.</summary>
    Queue,
}

/// <summary>
/// Sorts SQS SendMessage error codes (JSON protocol codes and the query-protocol ones the SDK may report,
/// such as <c>AWS.SimpleQueueService.NonExistentQueue</c> and <c>KMS.DisabledException</c>) and says what to do.
/// An unknown 4xx code counts as <see cref="SqsSendErrorKind.Content"/>: trying a reduced form once costs
/// nothing, and if that is refused too the caller fails for good with the code in its message.
/// </summary>
public static class SqsSendErrorClassifier
{
    private const string QueryPrefix = "AWS.SimpleQueueService.";

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "RequestThrottled", "KmsThrottled", "KmsThrottling", "KMS.ThrottlingException",
        "ServiceUnavailable", "ServiceUnavailableException", "InternalFailure", "InternalError", "RequestTimeout",
        "RequestTimeoutException", "ExpiredToken", "ExpiredTokenException", "RequestExpired", "SlowDown",
    };

    private static readonly HashSet<string> AccessCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "InvalidSecurity", "OptInRequired",
    };

    private static readonly HashSet<string> MissingQueueCodes = new(StringComparer.Ordinal)
    {
        "QueueDoesNotExist", "NonExistentQueue", "QueueDeletedRecently", "InvalidAddress",
    };

    private static readonly HashSet<string> CredentialCodes = new(StringComparer.Ordinal)
    {
        "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "MissingAuthenticationToken",
        "IncompleteSignature", "InvalidAccessKeyId",
    };

    /// <summary>
    /// The code without the query-protocol prefix (<c>AWS.SimpleQueueService.InvalidMessageContents</c> is
    /// <c>InvalidMessageContents</c>): SQS is query-compatible, so the SDK may report either form.
    /// </summary>
    public static string Normalize(string? errorCode) =>
        errorCode is null ? "" : errorCode.StartsWith(QueryPrefix, StringComparison.Ordinal) ? errorCode[QueryPrefix.Length..] : errorCode;

    public static SqsSendErrorKind Classify(string? errorCode, int httpStatus)
    {
        var code = Normalize(errorCode);
        if (TransientCodes.Contains(code) || httpStatus >= 500)
        {
            return SqsSendErrorKind.Transient;
        }

        return AccessCodes.Contains(code) || MissingQueueCodes.Contains(code) || CredentialCodes.Contains(code) || IsKms(code)
            ? SqsSendErrorKind.Queue
            : SqsSendErrorKind.Content;
    }

    /// <summary>What to do about a refusal, for the error message.</summary>
    public static string Advice(string? errorCode, string queueUrl)
    {
        var code = Normalize(errorCode);
        if (AccessCodes.Contains(code))
        {
            return $"Allow this function's role to send to the queue: sqs:SendMessage on {queueUrl} in the role's policy, and nothing in the queue policy denying it.";
        }

        if (MissingQueueCodes.Contains(code))
        {
            return $"The queue {queueUrl} does not exist (or was just deleted): create it, or point {Core.Configuration.SettingNames.DlqUrl} at the dead-letter queue.";
        }

        if (CredentialCodes.Contains(code))
        {
            return "The request's credentials were refused: check the function's role (or the AWS credentials in use) and the region.";
        }

        if (IsKms(code))
        {
            return "The queue's SSE-KMS key cannot be used: enable it (or cancel its scheduled deletion) and let this function's role use it (kms:GenerateDataKey and kms:Decrypt in the key policy).";
        }

        return "SQS refused this message's content (characters it cannot carry, a message over the queue's MaximumMessageSize, or an attribute it refuses).";
    }

    /// <summary>The refusal a non-transient kind stands for.</summary>
    public static DeadLetterRefusal ToRefusal(SqsSendErrorKind kind) => kind switch
    {
        SqsSendErrorKind.Content => DeadLetterRefusal.Content,
        SqsSendErrorKind.Queue => DeadLetterRefusal.Queue,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A transient error is not a refusal."),
    };

    private static bool IsKms(string code) =>
        code.StartsWith("Kms", StringComparison.Ordinal) || code.StartsWith("KMS.", StringComparison.Ordinal);
}
