namespace Vaultflow.Core.Crypto;

/// <summary>
/// Stable <see cref="Errors.DecryptionFailedException.Reason"/> codes for crypto failures. Dashboards,
/// alarms and the DLQ's failure detail match these strings, so renaming one is a breaking change.
/// </summary>
public static class DecryptionFailureReasons
{
    /// <summary>The input ends before a complete header, salt, nonce and tag.</summary>
    public const string Truncated = "truncated";

    /// <summary>The first byte names a format version this build does not read.</summary>
    public const string UnsupportedVersion = "unsupported-version";

    /// <summary>The suite byte names an algorithm suite this build does not read.</summary>
    public const string UnsupportedSuite = "unsupported-suite";

    /// <summary>A header field is structurally invalid (zero or oversized length, bad UTF-8).</summary>
    public const string Malformed = "malformed";

    /// <summary>GCM authentication failed: bytes were altered, or the ciphertext belongs to another record, idempotency key or context.</summary>
    public const string TamperedOrWrongBinding = "tampered-or-wrong-binding";

    /// <summary>The ciphertext names a wrapping key this keyring does not hold.</summary>
    public const string WrongKey = "wrong-key";

    /// <summary>The wrapped data key did not authenticate: wrong wrapping key, wrong encryption context or altered bytes.</summary>
    public const string UnwrapFailed = "unwrap-failed";
}
