using Microsoft.Extensions.DependencyInjection;
using Vaultflow.Core.Configuration;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Cli.Local;

/// <summary>The handlers' generated dispatcher, configured with the local stack's settings instead of the process environment.</summary>
internal static class FunctionHost
{
    public static ILambdaFunctionDispatcher CreateDispatcher(IReadOnlyDictionary<string, string> settings)
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
            services.AddSingleton<IEnvironmentVariables>(environment);
            services.AddSingleton<Vaultflow.Lambda.Environment.IEnvironment>(new StackEnvironment(settings));
        });
    }
}
