using Microsoft.Extensions.DependencyInjection;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Errors;
using Vaultflow.Generated;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Handlers.Hosting;

/// <summary>Builds the dispatcher a sandbox serves, validating the function's settings and loading its keys first.</summary>
public static class HandlerHost
{
    /// <summary>
    /// The generated dispatcher when <paramref name="functionName"/>'s settings are valid and, for the
    /// functions that use the blind index, its key could be read (from the secret through the extension,
    /// or from VAULTFLOW_BLIND_INDEX_KEY): once, here, at cold start. Otherwise a dispatcher whose
    /// Functions throw the <see cref="ConfigurationException"/> or <see cref="TransientException"/>,
    /// which the bootstrap reports as the init error (naming the variable or secret). An unknown name
    /// is left to the bootstrap's own "unknown handler" error.
    /// </summary>
    public static async Task<ILambdaFunctionDispatcher> CreateDispatcherAsync(string functionName, IEnvironmentVariables environment, Action<IServiceCollection>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        ArgumentNullException.ThrowIfNull(environment);
        BlindIndexKeySet? blindIndexKeys = null;
        try
        {
            var settings = FunctionRequirements.Validate(functionName, environment);
            if (BlindIndexKeys.NeededBy(functionName))
            {
                blindIndexKeys = await BlindIndexKeys.LoadAsync(settings, environment, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (VaultflowException error) when (error is ConfigurationException or TransientException)
        {
            return new InitFailureDispatcher(error);
        }

        return LambdaFunctions.CreateDispatcher(services =>
        {
            services.AddSingleton(environment);
            if (blindIndexKeys is not null)
            {
                // Startup's factory would read the keys on first use; the ones read at cold start win.
                services.AddSingleton(blindIndexKeys);
            }

            configure?.Invoke(services);
        });
    }
}
