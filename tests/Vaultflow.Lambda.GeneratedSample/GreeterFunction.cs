using Vaultflow.Lambda.Annotations;

namespace Vaultflow.Lambda.GeneratedSample;

public sealed record GreetingRequest(string Name);

/// <param name="Message">The greeting.</param>
/// <param name="ScopeId">Identity of the per-invocation scoped service.</param>
/// <param name="Invocations">The singleton's count after this invocation.</param>
/// <param name="CounterId">Identity of the singleton.</param>
public sealed record GreetingResponse(string Message, Guid ScopeId, int Invocations, Guid CounterId);

/// <summary>A function with constructor-injected services: a scoped one and a singleton from <see cref="SampleStartup"/>.</summary>
public sealed class GreeterFunction
{
    private readonly ScopedProbe _probe;
    private readonly InvocationCounter _counter;

    public GreeterFunction(ScopedProbe probe, InvocationCounter counter)
    {
        _probe = probe;
        _counter = counter;
    }

    [LambdaFunction(Name = "Greeter", MemorySize = 512, Timeout = 10, Policies = ["AWSLambdaBasicExecutionRole"])]
    public async ValueTask<GreetingResponse> GreetAsync(GreetingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        var count = _counter.Increment();
        return new GreetingResponse($"Hello, {request.Name}", _probe.Id, count, _counter.Id);
    }
}
