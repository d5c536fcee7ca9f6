using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;
using Vaultflow.Generated;
using Vaultflow.Handlers.Hosting;
using Vaultflow.Lambda.Bootstrap;
using Vaultflow.Lambda.Environment;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.Logging;

// One bootstrap serves all six functions; _HANDLER names the one this sandbox runs.
var environment = new ProcessEnvironment();
var loggerProvider = new LambdaJsonLoggerProvider(new LambdaJsonLoggerOptions(
    Console.OpenStandardOutput(),
    LambdaLogLevels.Parse(environment.GetVariable(LambdaEnvironmentVariables.LogLevel)),
    TimeProvider.System));

ILambdaFunctionDispatcher dispatcher;
try
{
    // Fail the cold start, naming the variable, when the function's settings are missing or invalid.
    var handler = environment.GetVariable(LambdaEnvironmentVariables.Handler) ?? string.Empty;
    FunctionRequirements.Validate(handler, ProcessEnvironmentVariables.Instance);
    dispatcher = LambdaFunctions.CreateDispatcher(services => services.AddLogging(logging => logging.ClearProviders().AddProvider(loggerProvider)));
}
catch (ConfigurationException error)
{
    dispatcher = new InitFailureDispatcher(error);
}

using (loggerProvider)
{
    return await LambdaBootstrap.RunAsync(dispatcher, new LambdaBootstrapOptions
    {
        Environment = environment,
        LoggerProvider = loggerProvider,
        ErrorTypeResolver = HandlerErrors.ResolveErrorType,
    }).ConfigureAwait(false);
}
