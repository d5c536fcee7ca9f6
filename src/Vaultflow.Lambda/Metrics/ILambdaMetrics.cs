namespace Vaultflow.Lambda.Metrics;

/// <summary>Counters for the current invocation, flushed as one CloudWatch Embedded Metric Format line after it.</summary>
public interface ILambdaMetrics
{
    /// <summary>Adds <paramref name="value"/> to the counter <paramref name="name"/> (unit Count).</summary>
    void Increment(string name, long value = 1);
}
