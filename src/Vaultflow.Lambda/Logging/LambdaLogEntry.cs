using Microsoft.Extensions.Logging;

namespace Vaultflow.Lambda.Logging;

internal sealed record LambdaLogEntry(
    LogLevel Level,
    string Category,
    string Message,
    IEnumerable<KeyValuePair<string, object?>>? Fields,
    Exception? Exception);
