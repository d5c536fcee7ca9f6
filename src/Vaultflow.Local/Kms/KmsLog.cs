using Microsoft.Extensions.Logging;

namespace Vaultflow.Local.Kms;

// Log lines of the local KMS. They name operations, error types and key ARNs, never key material.
internal static partial class KmsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Local KMS listening on {Uri} (key store: {KeyStore}, {KeyCount} keys)")]
    public static partial void Started(ILogger logger, Uri uri, string keyStore, int keyCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local KMS created key {KeyArn} for bootstrap alias {Alias}")]
    public static partial void BootstrapKeyCreated(ILogger logger, string keyArn, string alias);

    [LoggerMessage(Level = LogLevel.Debug, Message = "KMS {Operation} succeeded")]
    public static partial void Succeeded(ILogger logger, string operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "KMS {Operation} failed: {ErrorType} ({Status})")]
    public static partial void Failed(ILogger logger, string operation, string errorType, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "KMS {Operation} failed unexpectedly; answered KMSInternalException")]
    public static partial void Unexpected(ILogger logger, Exception exception, string operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local KMS fault settings changed: throttleNext={ThrottleNext}, throttleRate={ThrottleRate}, seed={Seed}")]
    public static partial void FaultsChanged(ILogger logger, int throttleNext, double throttleRate, int? seed);
}
