namespace Vaultflow.Lambda.Metrics;

/// <summary>Discards every counter; what a context without a metrics collector hands out.</summary>
public sealed class NullLambdaMetrics : ILambdaMetrics
{
    public static NullLambdaMetrics Instance { get; } = new();

    public void Increment(string name, long value = 1)
    {
    }
}
