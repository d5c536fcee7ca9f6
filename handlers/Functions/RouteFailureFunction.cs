using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Steps;
using Vaultflow.Handlers.Hosting;
using Vaultflow.Lambda.Annotations;
using Vaultflow.Lambda.Context;

namespace Vaultflow.Handlers.Functions;

/// <summary>The workflow's Catch target (see <see cref="RouteFailureStep"/>).</summary>
public sealed class RouteFailureFunction(RouteFailureStep step)
{
    [LambdaFunction(Name = FunctionNames.RouteFailure, MemorySize = 256, Timeout = 30, Policies = [Policies.SendToDeadLetterQueue, Policies.EncryptDeadLetterMessages, Policies.ReadDatabaseSecret])]
    public Task<RouteFailureOutput> HandleAsync(RouteFailureRequest request, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return HandlerErrors.RunAsync(() => step.RunAsync(request, context.ToInvocation(), cancellationToken));
    }
}
