using Vaultflow.Lambda.ExceptionHandling;
using Vaultflow.Lambda.Logging;
using Vaultflow.Lambda.Settings;

namespace Vaultflow.Lambda.Bootstrap;

/// <summary>Everything the bootstrap takes besides the dispatcher; the defaults are what Lambda needs.</summary>
public sealed record LambdaBootstrapOptions
{
    /// <summary>Where <c>AWS_LAMBDA_RUNTIME_API</c>, <c>_HANDLER</c> etc. come from and <c>_X_AMZN_TRACE_ID</c> goes.</summary>
    public IEnvironment Environment { get; init; } = new ProcessEnvironment();

    /// <summary>Clock for RemainingTime, log timestamps and the per-invocation deadline token.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Log and EMF sink; <see langword="null"/> means the process's stdout, which Lambda ships to CloudWatch Logs.</summary>
    public Stream? Output { get; init; }

    /// <summary>The JSON logger to use (share it with your DI container); <see langword="null"/> creates one on <see cref="Output"/> at <c>AWS_LAMBDA_LOG_LEVEL</c>.</summary>
    public LambdaJsonLoggerProvider? LoggerProvider { get; init; }

    /// <summary>CloudWatch namespace of the EMF counters.</summary>
    public string MetricsNamespace { get; init; } = "Vaultflow";

    /// <summary>Names error types of exceptions that do not implement <see cref="IHasErrorType"/> (e.g. the domain's).</summary>
    public LambdaErrorTypeResolver? ErrorTypeResolver { get; init; }

    /// <summary>Test seam for the Runtime API's HTTP transport; <see langword="null"/> uses sockets.</summary>
    public HttpMessageHandler? RuntimeApiHandler { get; init; }
}
