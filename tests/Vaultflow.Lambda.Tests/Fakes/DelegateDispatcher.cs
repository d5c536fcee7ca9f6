using Vaultflow.Lambda.Context;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Lambda.Tests.Fakes;

/// <summary>A one-function dispatcher ("Test") running the given delegate.</summary>
internal sealed class DelegateDispatcher(Func<ReadOnlyMemory<byte>, ILambdaContext, byte[]> function) : ILambdaFunctionDispatcher
{
    public IReadOnlyList<LambdaFunctionDescriptor> Functions { get; } = [new("Test", 128, 30, [], null)];

    public Task<byte[]> InvokeAsync(string functionName, ReadOnlyMemory<byte> payload, ILambdaContext context, CancellationToken cancellationToken) =>
        Task.FromResult(function(payload, context));
}
