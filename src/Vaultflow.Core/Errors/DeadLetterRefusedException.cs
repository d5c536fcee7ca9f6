namespace Vaultflow.Core.Errors;

/// <summary>What a dead-letter queue refused.</summary>
public enum DeadLetterRefusal
{
    /// <summary>
    /// This message: its body, attributes or size (SQS InvalidMessageContents, a too-long message, an invalid
    /// attribute). A reduced form of the same message may still be taken.
    /// </summary>
    Content,

    /// <summary>
    /// Any message: the queue is missing, the sender may not send to it, or its KMS key is disabled or not
    /// usable. No form of the message helps; a person has to fix the queue, its policy or its key.
    /// </summary>
    Queue,
}

/// <summary>
/// The dead-letter queue permanently refused a message (not a throttle or an outage: those are
/// <see cref="TransientException"/>). Never retried by the state machine: the same send fails the same way
/// until someone fixes the queue. The message says what the queue answered and what to do; it never holds
/// message content.
/// </summary>
public sealed class DeadLetterRefusedException : VaultflowException
{
    /// <summary>Stable error type (the execution's error when RouteFailure cannot park a message).</summary>
    public const string DeadLetterRefusedErrorType = "Vaultflow.DeadLetterRefused";

    public DeadLetterRefusedException(DeadLetterRefusal refusal, string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        Refusal = refusal;
        ErrorCode = errorCode;
    }

    public DeadLetterRefusal Refusal { get; }

    /// <summary>The queue service's error code, e.g. <c>InvalidMessageContents</c>, <c>AccessDenied</c>, <c>KmsDisabled</c>.</summary>
    public string ErrorCode { get; }

    public override string ErrorType => DeadLetterRefusedErrorType;

    public override bool IsRetryable => false;
}
