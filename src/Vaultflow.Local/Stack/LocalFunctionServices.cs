using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Configuration;

namespace Vaultflow.Local.Stack;

/// <summary>
/// How a process that hosts the local stack configures the handlers' generated dispatcher: the stack's
/// settings instead of the process environment, and the host's shared log provider. Pass the result to
/// <c>Vaultflow.Generated.LambdaFunctions.CreateDispatcher</c>.
/// </summary>
public static class LocalFunctionServices
{
    public static Action<IServiceCollection> Configure(IReadOnlyDictionary<string, string> settings, ILoggerProvider logs)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logs);

        // The AWS SDK's own default chains (credentials, endpoints) read the process environment: a process that
        // hosts the stack carries the stack's AWS_* values too.
        foreach (var (name, value) in settings)
        {
            if (name.StartsWith("AWS_", StringComparison.Ordinal))
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        var environment = new DictionaryEnvironmentVariables(settings);
        return services =>
        {
            // Startup registers its defaults with TryAdd, so these win.
            services.AddSingleton<IEnvironmentVariables>(environment);
            // Npgsql logs every command at Information; its warnings and errors (terminated connections) stay.
            services.AddLogging(logging => logging.ClearProviders().AddProvider(new SharedProvider(logs)).AddFilter("Npgsql", LogLevel.Warning));
        };
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
