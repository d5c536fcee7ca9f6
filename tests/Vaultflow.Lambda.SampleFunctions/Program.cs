using Microsoft.Extensions.DependencyInjection;
using Vaultflow.Generated;
using Vaultflow.Lambda.Bootstrap;
using Vaultflow.Lambda.Settings;

// The dispatcher is generated from the [LambdaFunction] attributes; nothing else wires a function.
var environment = new ProcessEnvironment();
var dispatcher = LambdaFunctions.CreateDispatcher(services => services.AddSingleton<IEnvironment>(environment));
return await LambdaBootstrap.RunAsync(dispatcher, new LambdaBootstrapOptions { Environment = environment }).ConfigureAwait(false);
