using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.Logging;
using Vaultflow.Local.Stack;

namespace Vaultflow.Cli.Local;

/// <summary>The handlers' generated dispatcher, configured with the local stack's settings instead of the process environment.</summary>
internal sealed class FunctionHost(LambdaJsonLoggerProvider logs)
{
    public ILambdaFunctionDispatcher CreateDispatcher(IReadOnlyDictionary<string, string> settings) =>
        Vaultflow.Generated.LambdaFunctions.CreateDispatcher(LocalFunctionServices.Configure(settings, logs));
}
