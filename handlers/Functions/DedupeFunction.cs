using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Steps;
using Vaultflow.Handlers.Hosting;
using Vaultflow.Lambda.Annotations;
using Vaultflow.Lambda.Context;

namespace Vaultflow.Handlers.Functions;

/// <summary>Workflow step 1 (see <see cref="DedupeStep"/>).</summary>
public sealed class DedupeFunction(DedupeStep step)
{
    [LambdaFunction(Name = FunctionNames.Dedupe, MemorySize = 256, Timeout = 30, Policies = [Policies.ReadDatabaseSecret])]
    public Task<WorkflowState> HandleAsync(DedupeRequest request, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return HandlerErrors.RunAsync(() => step.RunAsync(request, context.ToInvocation(), cancellationToken));
    }
}
