namespace Vaultflow.Lambda.Metrics;

/// <summary>Where the counters land in CloudWatch.</summary>
/// <param name="Namespace">The CloudWatch namespace, e.g. "Vaultflow".</param>
/// <param name="Dimensions">One dimension set (name -> value), e.g. FunctionName -> Starter. At most 30 per AWS.</param>
public sealed record EmfMetricsOptions(string Namespace, IReadOnlyList<KeyValuePair<string, string>> Dimensions);
