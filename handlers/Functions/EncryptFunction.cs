using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Steps;
using Vaultflow.Handlers.Hosting;
using Vaultflow.Lambda.Annotations;
using Vaultflow.Lambda.Context;

namespace Vaultflow.Handlers.Functions;

/// <summary>Workflow step 2 (see <see cref="EncryptStep"/>).</summary>
public sealed class EncryptFunction(EncryptStep step)
{
    [LambdaFunction(Name = FunctionNames.Encrypt, MemorySize = 512, Timeout = 30, Policies = [Policies.GenerateDataKeys, Policies.ReadDatabaseSecret, Policies.ReadBlindIndexKeySecret])]
    public Task<EncryptedState> HandleAsync(EncryptRequest request, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return HandlerErrors.RunAsync(() => step.RunAsync(request, context.ToInvocation(), cancellationToken));
    }
}
