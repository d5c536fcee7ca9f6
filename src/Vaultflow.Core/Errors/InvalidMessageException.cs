namespace Vaultflow.Core.Errors;

/// <summary>
/// A message, workflow input or routing attribute breaks Vaultflow's contract. Sending the same bytes
/// again fails the same way, so it is never retried: the Starter parks it in the DLQ with
/// <see cref="Reason"/> as the <c>vf-failure</c> attribute. The message says what was wrong, where
/// (JSON path, byte offset or attribute name) and what to do; it never echoes message values.
/// </summary>
public sealed class InvalidMessageException : VaultflowException
{
    public InvalidMessageException(string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        Reason = reason;
    }

    /// <summary>
    /// Stable kebab-case code such as <c>invalid-json</c> or <c>recursion-guard</c>; the full list with
    /// descriptions is <c>Vaultflow.Core.Contract.InvalidMessageReasons.All</c>.
    /// </summary>
    public string Reason { get; }

    public override string ErrorType => ErrorTypes.InvalidMessage;

    public override bool IsRetryable => false;
}
