using Vaultflow.Lambda.Bootstrap;
using Vaultflow.Lambda.Environment;
using Vaultflow.Lambda.SampleFunctions;
using Vaultflow.Lambda.SampleFunctions.Functions;

var environment = new ProcessEnvironment();
return await LambdaBootstrap.RunAsync(
    new SampleDispatcher(new SampleHandlers(environment)),
    new LambdaBootstrapOptions { Environment = environment }).ConfigureAwait(false);
