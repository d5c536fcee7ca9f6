using System.Text.Json;

namespace Vaultflow.Lambda.Metrics;

/// <summary>
/// Accumulates counters and writes them as ONE CloudWatch Embedded Metric Format line per flush:
/// <c>{"_aws":{"Timestamp":..,"CloudWatchMetrics":[{"Namespace","Dimensions","Metrics"}]},"FunctionName":..,"Counter":n}</c>.
/// CloudWatch Logs turns that line into metrics without any API call.
/// </summary>
public sealed class EmfMetricsCollector : ILambdaMetrics
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly EmfMetricsOptions _options;

    public EmfMetricsCollector(EmfMetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public void Increment(string name, long value = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            _counters[name] = _counters.GetValueOrDefault(name) + value;
        }
    }

    /// <summary>Writes the pending counters as one line (nothing when there are none) and resets them.</summary>
    /// <returns>Whether a line was written.</returns>
    public bool Flush(Stream output, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(output);
        KeyValuePair<string, long>[] counters;
        lock (_gate)
        {
            if (_counters.Count == 0)
            {
                return false;
            }

            counters = [.. _counters.OrderBy(c => c.Key, StringComparer.Ordinal)];
            _counters.Clear();
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteDocument(json, counters, timestamp);
        }

        buffer.WriteByte((byte)'\n');
        lock (output)
        {
            buffer.Position = 0;
            buffer.CopyTo(output);
            output.Flush();
        }

        return true;
    }

    private void WriteDocument(Utf8JsonWriter json, KeyValuePair<string, long>[] counters, DateTimeOffset timestamp)
    {
        json.WriteStartObject();
        json.WriteStartObject("_aws");
        json.WriteNumber("Timestamp", timestamp.ToUnixTimeMilliseconds());
        json.WriteStartArray("CloudWatchMetrics");
        json.WriteStartObject();
        json.WriteString("Namespace", _options.Namespace);
        json.WriteStartArray("Dimensions");
        json.WriteStartArray();
        foreach (var dimension in _options.Dimensions)
        {
            json.WriteStringValue(dimension.Key);
        }

        json.WriteEndArray();
        json.WriteEndArray();
        json.WriteStartArray("Metrics");
        foreach (var counter in counters)
        {
            json.WriteStartObject();
            json.WriteString("Name", counter.Key);
            json.WriteString("Unit", "Count");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        foreach (var dimension in _options.Dimensions)
        {
            json.WriteString(dimension.Key, dimension.Value);
        }

        foreach (var counter in counters)
        {
            json.WriteNumber(counter.Key, counter.Value);
        }

        json.WriteEndObject();
    }
}
