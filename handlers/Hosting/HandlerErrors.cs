using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Failures;

namespace Vaultflow.Handlers.Hosting;

/// <summary>
/// The error-payload side of the reason-code convention: a <c>Vaultflow.InvalidMessage</c> error's
/// errorMessage starts with <c>"&lt;reason-code&gt;: "</c> (see <see cref="ErrorMessageConvention"/>), so
/// RouteFailure can put the exact reason on the DLQ message; errorType is the exception's stable
/// <see cref="VaultflowException.ErrorType"/>, which the ASL's Retry and Catch match.
/// </summary>
public static class HandlerErrors
{
    /// <summary>For <c>LambdaBootstrapOptions.ErrorTypeResolver</c> and the local Invoke endpoint.</summary>
    public static string? ResolveErrorType(Exception exception) => (exception as VaultflowException)?.ErrorType;

    /// <summary>Runs a step; an <see cref="InvalidMessageException"/> leaves with its reason code in front of the message.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (InvalidMessageException ex)
        {
            throw new InvalidMessageException(ex.Reason, ErrorMessageConvention.Format(ex.Reason, ex.Message), ex);
        }
    }
}
