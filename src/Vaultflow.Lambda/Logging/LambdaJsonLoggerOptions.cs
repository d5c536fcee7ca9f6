using Microsoft.Extensions.Logging;

namespace Vaultflow.Lambda.Logging;

/// <summary>Where and what the JSON logger writes.</summary>
/// <param name="Output">The sink; Lambda ships the process's stdout to CloudWatch Logs.</param>
/// <param name="MinimumLevel">Usually <see cref="LambdaLogLevels.Parse"/> of <c>AWS_LAMBDA_LOG_LEVEL</c>.</param>
/// <param name="Clock">Time source for "timestamp".</param>
public sealed record LambdaJsonLoggerOptions(Stream Output, LogLevel MinimumLevel, TimeProvider Clock);
