namespace Vaultflow.Core.Storage.Failures;

/// <summary>Which failures rows to read, newest first.</summary>
/// <param name="Reason">Only rows with this reason code; null for all.</param>
/// <param name="Since">Only rows written at or after this instant; null for all.</param>
/// <param name="Max">At most this many rows (1-10,000).</param>
public sealed record FailureQuery(string? Reason = null, DateTimeOffset? Since = null, int Max = 50);
