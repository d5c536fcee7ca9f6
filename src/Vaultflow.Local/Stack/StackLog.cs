using Microsoft.Extensions.Logging;

namespace Vaultflow.Local.Stack;

internal static partial class StackLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "[{Script}] {Line}")]
    public static partial void ChildOutput(ILogger logger, string script, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Script} (pid {Pid}) did not exit within 5 s of being killed")]
    public static partial void ChildDidNotExit(ILogger logger, string script, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Step}: {Detail}")]
    public static partial void Step(ILogger logger, string step, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} listens to {Queue}, which the local stack does not create; no poller for it")]
    public static partial void UnknownQueue(ILogger logger, string function, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping {Component} failed")]
    public static partial void StopFailed(ILogger logger, Exception exception, string component);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} declares {Count} SQS filter pattern(s); the local poller does not filter, so every message reaches it")]
    public static partial void FiltersIgnored(ILogger logger, string function, int count);
}
