using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vaultflow.Lambda.Logging;

/// <summary>
/// Writes every log entry as one line of Lambda's JSON log format to stdout:
/// <c>{"timestamp","level","message","requestId","logger", scope and template fields, "errorType","errorMessage","stackTrace"}</c>.
/// Register it with <c>ILoggingBuilder.AddProvider</c>; the runtime uses the same instance for the context logger.
/// </summary>
[ProviderAlias("LambdaJson")]
public sealed class LambdaJsonLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentDictionary<string, LambdaJsonLogger> _loggers = new(StringComparer.Ordinal);
    private readonly LambdaJsonLogWriter _writer;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public LambdaJsonLoggerProvider(LambdaJsonLoggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _writer = new LambdaJsonLogWriter(options.Output, options.Clock);
    }

    public LambdaJsonLoggerOptions Options { get; }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, name => new LambdaJsonLogger(name, this));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        ArgumentNullException.ThrowIfNull(scopeProvider);
        _scopes = scopeProvider;
    }

    /// <summary>Tags every entry written until disposal (on this async flow) with <paramref name="requestId"/>.</summary>
    public IDisposable BeginInvocation(string requestId) => _scopes.Push(new LambdaRequestScope(requestId));

    public void Dispose() => _loggers.Clear();

    internal IExternalScopeProvider Scopes => _scopes;

    internal LambdaJsonLogWriter Writer => _writer;
}
