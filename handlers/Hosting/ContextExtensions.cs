using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Lambda.Context;

namespace Vaultflow.Handlers.Hosting;

internal static class ContextExtensions
{
    /// <summary>The invocation as the domain sees it: request id and remaining time (the ledger lease).</summary>
    public static StepInvocation ToInvocation(this ILambdaContext context) => new(context.AwsRequestId, context.RemainingTime);
}
