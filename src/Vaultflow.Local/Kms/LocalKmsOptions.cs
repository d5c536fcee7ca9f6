using Microsoft.Extensions.Logging;

namespace Vaultflow.Local.Kms;

/// <summary>Settings of the local KMS stand-in. Every property has a usable default for tests.</summary>
public sealed record LocalKmsOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (tests). The server never binds another address.</summary>
    public int Port { get; init; }

    /// <summary>Region written into key and alias ARNs.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Account id written into ARNs; a placeholder, there is no account.</summary>
    public string AccountId { get; init; } = "000000000000";

    /// <summary>
    /// JSON file holding keys and aliases, so a restarted local stack still decrypts old rows. Created with
    /// mode 0600. Null keeps everything in memory (tests).
    /// </summary>
    public string? KeyStorePath { get; init; }

    /// <summary>
    /// An alias (e.g. <c>alias/vaultflow-local</c>) that must exist after start: if it is missing, a key is
    /// created and the alias pointed at it. Null creates nothing.
    /// </summary>
    public string? BootstrapAlias { get; init; }

    /// <summary>Where the server logs (never key material). Null logs nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
