using Vaultflow.Lambda.Context;
using Vaultflow.Lambda.ExceptionHandling;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.Logging;
using Vaultflow.Lambda.Metrics;
using Vaultflow.Lambda.Settings;

namespace Vaultflow.Lambda.LocalInvoke;

/// <summary>Runs one invocation through the dispatcher with a context shaped like the Runtime API's.</summary>
internal sealed class InProcessInvoker(ILambdaFunctionDispatcher dispatcher, LocalInvokeOptions options, LambdaJsonLoggerProvider logs)
{
    public async Task<InvocationOutcome> InvokeAsync(LambdaFunctionDescriptor function, string requestId, byte[] payload, CancellationToken cancellationToken)
    {
        var clock = options.Clock;
        var arn = $"arn:aws:lambda:{options.Region}:{options.AccountId}:function:{function.Name}";
        var invocation = new LambdaInvocation(requestId, clock.GetUtcNow().AddSeconds(function.Timeout), arn, null, null, null);
        var settings = new LambdaFunctionSettings(
            function.Name,
            "$LATEST",
            function.MemorySize,
            $"/aws/lambda/{function.Name}",
            $"local/{function.Name}",
            options.Region);
        var metrics = new EmfMetricsCollector(new EmfMetricsOptions("Vaultflow", [new("FunctionName", function.Name)]));
        using var scope = logs.BeginInvocation(requestId);
        var context = new LambdaContext(invocation, settings, logs.CreateLogger("Vaultflow.Lambda.Function"), metrics, clock);
        using var deadline = new CancellationTokenSource(context.RemainingTime, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var response = await dispatcher.InvokeAsync(function.Name, payload, context, linked.Token).ConfigureAwait(false);
            return new InvocationOutcome(requestId, response, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new InvocationOutcome(requestId, null, LambdaErrorPayloadFactory.Create(e, options.ErrorTypeResolver));
        }
        finally
        {
            metrics.Flush(logs.Options.Output, clock.GetUtcNow());
        }
    }
}
