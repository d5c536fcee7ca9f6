using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Steps;
using Vaultflow.Handlers.Hosting;
using Vaultflow.Lambda.Annotations;
using Vaultflow.Lambda.Context;

namespace Vaultflow.Handlers.Functions;

/// <summary>Workflow step 3 (see <see cref="PersistStep"/>).</summary>
public sealed class PersistFunction(PersistStep step)
{
    [LambdaFunction(Name = FunctionNames.Persist, MemorySize = 256, Timeout = 30, Policies = [Policies.ReadDatabaseSecret])]
    public Task<PersistOutput> HandleAsync(PersistRequest request, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return HandlerErrors.RunAsync(() => step.RunAsync(request, context.ToInvocation(), cancellationToken));
    }
}
