using Vaultflow.Lambda.ExceptionHandling;
using Vaultflow.Lambda.Logging;

namespace Vaultflow.Lambda.LocalInvoke;

/// <summary>How the local Invoke endpoint listens and behaves; the defaults mirror AWS.</summary>
public sealed record LocalInvokeOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (read it from <see cref="LocalInvokeServer.BaseAddress"/>).</summary>
    public int Port { get; init; }

    /// <summary>Region and account that appear in the function ARNs handed to functions.</summary>
    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "000000000000";

    /// <summary>Delays before each retry of a failed asynchronous (<c>Event</c>) invocation; AWS waits about 1 then 2 minutes.</summary>
    public IReadOnlyList<TimeSpan> AsyncRetryDelays { get; init; } = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)];

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where function logs and EMF lines go; <see langword="null"/> writes JSON lines to stdout.</summary>
    public LambdaJsonLoggerProvider? LoggerProvider { get; init; }

    /// <summary>Names error types of exceptions that do not implement <see cref="IHasErrorType"/>.</summary>
    public LambdaErrorTypeResolver? ErrorTypeResolver { get; init; }
}
