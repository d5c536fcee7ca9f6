using Microsoft.Extensions.DependencyInjection;
using Vaultflow.Lambda.Annotations;

namespace Vaultflow.Lambda.GeneratedSample;

/// <summary>Runs once per dispatcher (cold start).</summary>
[LambdaStartup]
public static class SampleStartup
{
    public static void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<InvocationCounter>();
        services.AddScoped<ScopedProbe>();
    }
}

/// <summary>A singleton: one per dispatcher.</summary>
public sealed class InvocationCounter
{
    private int _count;

    public Guid Id { get; } = Guid.NewGuid();

    public int Increment() => Interlocked.Increment(ref _count);
}

/// <summary>A scoped service: one per invocation, disposed when the invocation ends.</summary>
public sealed class ScopedProbe : IDisposable
{
    public Guid Id { get; } = Guid.NewGuid();

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}
