using Microsoft.Extensions.DependencyInjection;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;
using Vaultflow.Generated;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Handlers.Hosting;

/// <summary>Builds the dispatcher a sandbox serves, validating the function's settings first.</summary>
public static class HandlerHost
{
    /// <summary>
    /// The generated dispatcher when <paramref name="functionName"/>'s settings are valid; otherwise a
    /// dispatcher whose Functions throw the <see cref="ConfigurationException"/>, which the bootstrap
    /// reports as the init error (naming the variable). An unknown name is left to the bootstrap's own
    /// "unknown handler" error.
    /// </summary>
    public static ILambdaFunctionDispatcher CreateDispatcher(string functionName, IEnvironmentVariables environment, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        ArgumentNullException.ThrowIfNull(environment);
        try
        {
            FunctionRequirements.Validate(functionName, environment);
        }
        catch (ConfigurationException error)
        {
            return new InitFailureDispatcher(error);
        }

        return LambdaFunctions.CreateDispatcher(services =>
        {
            services.AddSingleton(environment);
            configure?.Invoke(services);
        });
    }
}
