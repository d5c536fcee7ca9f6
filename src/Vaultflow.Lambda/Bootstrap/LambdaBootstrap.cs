using Microsoft.Extensions.Logging;
using Vaultflow.Lambda.Client;
using Vaultflow.Lambda.ExceptionHandling;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.Logging;
using Vaultflow.Lambda.Settings;

namespace Vaultflow.Lambda.Bootstrap;

/// <summary>
/// The custom runtime's entry point (<c>provided.al2023</c>): <c>return await LambdaBootstrap.RunAsync(dispatcher);</c>
/// in Program.cs. Serves the function named by <c>_HANDLER</c> until the Runtime API goes away.
/// </summary>
public static partial class LambdaBootstrap
{
    private const string UnknownHandlerErrorType = "Runtime.UnknownHandler";
    private const string InitErrorType = "Runtime.InitError";

    /// <summary>Runs the Runtime API loop; returns a process exit code from <see cref="LambdaExitCodes"/>.</summary>
    public static async Task<int> RunAsync(
        ILambdaFunctionDispatcher dispatcher,
        LambdaBootstrapOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        options ??= new LambdaBootstrapOptions();
        var environment = options.Environment;

        // Lambda ships the process's stdout to CloudWatch Logs: it is the log sink, not a console.
        var output = options.Output ?? Console.OpenStandardOutput();
        var ownsProvider = options.LoggerProvider is null;
        var loggerProvider = options.LoggerProvider ?? new LambdaJsonLoggerProvider(new LambdaJsonLoggerOptions(
            output,
            LambdaLogLevels.Parse(environment.GetVariable(LambdaEnvironmentVariables.LogLevel)),
            options.Clock));
        try
        {
            var log = loggerProvider.CreateLogger("Vaultflow.Lambda.Runtime");
            var runtimeApi = environment.GetVariable(LambdaEnvironmentVariables.RuntimeApi);
            if (string.IsNullOrWhiteSpace(runtimeApi))
            {
                LogNoRuntimeApi(log, LambdaEnvironmentVariables.RuntimeApi);
                return LambdaExitCodes.NoRuntimeApi;
            }

            using var client = new RuntimeApiClient(runtimeApi, options.RuntimeApiHandler);
            var handler = environment.GetVariable(LambdaEnvironmentVariables.Handler) ?? string.Empty;
            LambdaFunctionDescriptor? function;
            try
            {
                function = dispatcher.Functions.FirstOrDefault(f => string.Equals(f.Name, handler, StringComparison.Ordinal));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return await ReportInitErrorAsync(client, log, LambdaErrorPayloadFactory.Create(e, options.ErrorTypeResolver) with { ErrorType = InitErrorType }, cancellationToken).ConfigureAwait(false);
            }

            if (function is null)
            {
                var known = string.Join(", ", dispatcher.Functions.Select(f => f.Name));
                var error = new LambdaErrorPayload(
                    $"_HANDLER is '{handler}', but this bootstrap serves only: {known}. Set the function's Handler to one of them (vaultflow template sync does).",
                    UnknownHandlerErrorType,
                    []);
                return await ReportInitErrorAsync(client, log, error, cancellationToken).ConfigureAwait(false);
            }

            var loop = new InvocationLoop(client, dispatcher, function.Name, options, loggerProvider, output, log);
            return await loop.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (ownsProvider)
            {
                loggerProvider.Dispose();
            }
        }
    }

    private static async Task<int> ReportInitErrorAsync(RuntimeApiClient client, ILogger log, LambdaErrorPayload error, CancellationToken cancellationToken)
    {
        LogInitError(log, error.ErrorType, error.ErrorMessage);
        try
        {
            await client.PostInitErrorAsync(error, cancellationToken).ConfigureAwait(false);
        }
        catch (RuntimeApiException e)
        {
            LogRuntimeApiFailed(log, e);
        }

        return LambdaExitCodes.InitError;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Variable} is not set: this process must run under Lambda or a Runtime API emulator")]
    private static partial void LogNoRuntimeApi(ILogger logger, string variable);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Start-up failed ({ErrorType}): {ErrorMessage}")]
    private static partial void LogInitError(ILogger logger, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The Runtime API failed; exiting so Lambda replaces the sandbox")]
    internal static partial void LogRuntimeApiFailed(ILogger logger, Exception exception);
}
