using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Configuration;
using Vaultflow.Handlers.Hosting;
using Vaultflow.Lambda.Bootstrap;
using Vaultflow.Lambda.Logging;
using Vaultflow.Lambda.Settings;

// One bootstrap serves all six functions; _HANDLER names the one this sandbox runs. A function whose
// settings are missing fails its cold start with an init error that names the variable; the blind-index
// key (Encrypt, GetRecord) is read here, once per cold start.
var environment = new ProcessEnvironment();
using var loggerProvider = new LambdaJsonLoggerProvider(new LambdaJsonLoggerOptions(
    Console.OpenStandardOutput(),
    LambdaLogLevels.Parse(environment.GetVariable(LambdaEnvironmentVariables.LogLevel)),
    TimeProvider.System));
var dispatcher = await HandlerHost.CreateDispatcherAsync(
    environment.GetVariable(LambdaEnvironmentVariables.Handler) ?? string.Empty,
    ProcessEnvironmentVariables.Instance,
    services => services.AddLogging(logging => logging.ClearProviders().AddProvider(loggerProvider))).ConfigureAwait(false);
return await LambdaBootstrap.RunAsync(dispatcher, new LambdaBootstrapOptions
{
    Environment = environment,
    LoggerProvider = loggerProvider,
    ErrorTypeResolver = HandlerErrors.ResolveErrorType,
}).ConfigureAwait(false);
