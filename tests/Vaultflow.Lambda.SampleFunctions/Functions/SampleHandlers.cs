using System.Globalization;
using Microsoft.Extensions.Logging;
using Vaultflow.Lambda.Annotations;
using Vaultflow.Lambda.Context;
using Vaultflow.Lambda.Events;
using Vaultflow.Lambda.Settings;

namespace Vaultflow.Lambda.SampleFunctions.Functions;

/// <summary>Small functions that exercise every part of the runtime, written as handlers will be.</summary>
public sealed partial class SampleHandlers(IEnvironment environment)
{
    [LambdaFunction(Name = "Echo", MemorySize = 128, Timeout = 10)]
    public EchoResponse Echo(EchoRequest request, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        LogEcho(context.Logger, request.Message.Length);
        context.Metrics.Increment("EchoCalls");
        return new EchoResponse(
            request.Message,
            context.AwsRequestId,
            context.TraceId,
            environment.GetVariable(LambdaEnvironmentVariables.TraceId));
    }

    [LambdaFunction(Name = "Fail", MemorySize = 128, Timeout = 10)]
    public static EchoResponse Fail(FailRequest request, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        throw new SampleFailureException($"Fail was asked to fail: {request.Reason}");
    }

    [LambdaFunction(Name = "Remaining", MemorySize = 128, Timeout = 10)]
    public static RemainingResponse Remaining(ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new RemainingResponse(
            (long)context.RemainingTime.TotalMilliseconds,
            context.AwsRequestId,
            context.FunctionName,
            context.FunctionVersion,
            context.InvokedFunctionArn,
            context.MemoryLimitInMB,
            context.LogGroupName,
            context.LogStreamName,
            context.ClientContext,
            context.CognitoIdentity);
    }

    /// <summary>Reports every record whose body contains "fail"; the rest are deleted from the queue.</summary>
    [LambdaFunction(Name = "SqsBatch", MemorySize = 256, Timeout = 30)]
    [SqsEvent("@SampleQueue", BatchSize = 10)]
    public static SqsBatchResponse SqsBatch(SqsEvent batch, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);
        var failures = new List<SqsBatchItemFailure>();
        foreach (var record in batch.Records)
        {
            using var scope = context.Logger.BeginScope(new Dictionary<string, object?> { ["messageId"] = record.MessageId });
            if (record.Body.Contains("fail", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add(new SqsBatchItemFailure { ItemIdentifier = record.MessageId });
                context.Metrics.Increment("RecordsFailed");
            }
            else
            {
                context.Metrics.Increment("RecordsSucceeded");
            }
        }

        LogBatch(context.Logger, batch.Records.Count, failures.Count.ToString(CultureInfo.InvariantCulture));
        return new SqsBatchResponse { BatchItemFailures = failures };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Echoing a message of {Length} characters")]
    private static partial void LogEcho(ILogger logger, int length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Processed {Records} records, {Failures} failed")]
    private static partial void LogBatch(ILogger logger, int records, string failures);
}
