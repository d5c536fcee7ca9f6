using Microsoft.Extensions.Logging;
using Vaultflow.Lambda.Client;
using Vaultflow.Lambda.Context;
using Vaultflow.Lambda.ExceptionHandling;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.Logging;
using Vaultflow.Lambda.Metrics;
using Vaultflow.Lambda.Settings;

namespace Vaultflow.Lambda.Bootstrap;

/// <summary>next -> invoke -> response or error -> flush metrics, one invocation at a time, until told to stop.</summary>
internal sealed partial class InvocationLoop(
    RuntimeApiClient client,
    ILambdaFunctionDispatcher dispatcher,
    string functionName,
    LambdaBootstrapOptions options,
    LambdaJsonLoggerProvider loggerProvider,
    Stream output,
    ILogger log)
{
    private const string ResponseRejectedErrorType = "Runtime.ResponseRejected";
    private readonly LambdaFunctionSettings _settings = LambdaFunctionSettings.Read(options.Environment);
    private readonly ILogger _functionLogger = loggerProvider.CreateLogger("Vaultflow.Lambda.Function");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var metrics = new EmfMetricsCollector(new EmfMetricsOptions(
            options.MetricsNamespace,
            [new("FunctionName", _settings.FunctionName.Length > 0 ? _settings.FunctionName : functionName)]));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var next = await client.GetNextAsync(cancellationToken).ConfigureAwait(false);
                await InvokeAsync(next, metrics, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return LambdaExitCodes.Stopped;
        }
        catch (RuntimeApiException e)
        {
            LambdaBootstrap.LogRuntimeApiFailed(log, e);
            return LambdaExitCodes.RuntimeApiFailed;
        }

        return LambdaExitCodes.Stopped;
    }

    private async Task InvokeAsync(NextInvocation next, EmfMetricsCollector metrics, CancellationToken cancellationToken)
    {
        var invocation = next.Invocation;
        options.Environment.SetVariable(LambdaEnvironmentVariables.TraceId, invocation.TraceId);
        using var scope = loggerProvider.BeginInvocation(invocation.AwsRequestId);
        var context = new LambdaContext(invocation, _settings, _functionLogger, metrics, options.Clock);

        // The handler's token fires at the deadline, so cooperative code stops before Lambda kills the sandbox.
        using var deadline = new CancellationTokenSource(context.RemainingTime, options.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            byte[] response;
            try
            {
                response = await dispatcher.InvokeAsync(functionName, next.Payload, context, linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var error = LambdaErrorPayloadFactory.Create(e, options.ErrorTypeResolver);
                LogInvocationFailed(log, error.ErrorType, e);
                await client.PostErrorAsync(invocation.AwsRequestId, error, cancellationToken).ConfigureAwait(false);
                return;
            }

            try
            {
                await client.PostResponseAsync(invocation.AwsRequestId, response, cancellationToken).ConfigureAwait(false);
            }
            catch (RuntimeApiException e)
            {
                // e.g. 413: the response exceeds Lambda's payload limit; the caller still deserves an error.
                var error = new LambdaErrorPayload(e.Message, ResponseRejectedErrorType, []);
                await client.PostErrorAsync(invocation.AwsRequestId, error, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            metrics.Flush(output, options.Clock.GetUtcNow());
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation failed with {ErrorType}")]
    private static partial void LogInvocationFailed(ILogger logger, string errorType, Exception exception);
}
