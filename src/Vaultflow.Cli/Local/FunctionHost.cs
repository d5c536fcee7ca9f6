using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Configuration;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.Logging;

namespace Vaultflow.Cli.Local;

/// <summary>The handlers' generated dispatcher, configured with the local stack's settings instead of the process environment.</summary>
internal sealed class FunctionHost(LambdaJsonLoggerProvider logs)
{
    public ILambdaFunctionDispatcher CreateDispatcher(IReadOnlyDictionary<string, string> settings)
    {
        // The AWS SDK's own default chains (credentials, endpoints) read the process environment: this process
        // exists to host the stack, so it carries the stack's AWS_* values too.
        foreach (var (name, value) in settings)
        {
            if (name.StartsWith("AWS_", StringComparison.Ordinal))
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        var environment = new DictionaryEnvironmentVariables(settings);
        return Vaultflow.Generated.LambdaFunctions.CreateDispatcher(services =>
        {
            // Startup registers its defaults with TryAdd, so these win.
            services.AddSingleton<IEnvironmentVariables>(environment);
            // Npgsql logs every command at Information: too much for a console.
            services.AddLogging(logging => logging.ClearProviders().AddProvider(new SharedProvider(logs)).AddFilter("Npgsql", LogLevel.Warning));
        });
    }

    /// <summary>The functions' container must not dispose the log provider the Invoke endpoint shares.</summary>
    private sealed class SharedProvider(ILoggerProvider inner) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => inner.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
