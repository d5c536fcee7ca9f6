using Vaultflow.Core.Errors;
using Vaultflow.Lambda.Context;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Handlers.Hosting;

/// <summary>
/// Stands in for the dispatcher when the function's configuration is invalid: the bootstrap asks for
/// <see cref="Functions"/> first and reports what it throws as the init error, so Lambda shows the
/// <see cref="ConfigurationException"/> (which names the variable) on the first cold start, or the
/// <see cref="TransientException"/> when a key could not be read yet (Lambda retries the init).
/// </summary>
internal sealed class InitFailureDispatcher(VaultflowException error) : ILambdaFunctionDispatcher
{
    public IReadOnlyList<LambdaFunctionDescriptor> Functions => throw error;

    public Task<byte[]> InvokeAsync(string functionName, ReadOnlyMemory<byte> payload, ILambdaContext context, CancellationToken cancellationToken) =>
        Task.FromException<byte[]>(error);
}
