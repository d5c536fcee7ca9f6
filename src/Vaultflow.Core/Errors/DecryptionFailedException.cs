namespace Vaultflow.Core.Errors;

/// <summary>
/// A ciphertext did not decrypt: tampered bytes, a ciphertext moved to another row, a wrong key or
/// encryption context, or an unknown format. <see cref="Reason"/> is a stable code; the message never
/// contains key material or plaintext.
/// </summary>
public sealed class DecryptionFailedException : VaultflowException
{
    public DecryptionFailedException(string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Stable reason code such as <c>tampered</c>, <c>truncated</c>, <c>unsupported-version</c>, <c>wrong-key</c>.</summary>
    public string Reason { get; }

    public override string ErrorType => ErrorTypes.DecryptionFailed;

    public override bool IsRetryable => false;
}
