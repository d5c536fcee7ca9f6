using Microsoft.Extensions.Logging;

namespace Vaultflow.Aws.Secrets;

/// <summary>Log lines of the secrets adapter. They name secrets and sources, never values.</summary>
internal static partial class SecretsLog
{
    [LoggerMessage(EventId = 2400, Level = LogLevel.Debug, Message = "Read secret {SecretId} through the Parameters and Secrets extension (attempt {Attempt})")]
    public static partial void SecretRead(ILogger logger, string secretId, int attempt);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Reading secret {SecretId}: {Reason} (attempt {Attempt} of {MaxAttempts}); trying again")]
    public static partial void ExtensionRetry(ILogger logger, string secretId, string reason, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "Fetched {Source}; kept in memory for {Ttl}")]
    public static partial void SecretFetched(ILogger logger, string source, TimeSpan ttl);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Warning, Message = "Fetching {Source} failed ({ErrorType}); an expired value, if any, is served a little longer")]
    public static partial void SecretFetchFailed(ILogger logger, string source, string errorType);
}
