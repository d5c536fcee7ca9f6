namespace Vaultflow.Bench.Results;

/// <summary>Facts about the machine a run is on; the load is read each time a figure is taken.</summary>
/// <param name="Cores">Logical cores.</param>
/// <param name="ReadLoad">Returns the load averages ("0.52 0.61 0.70"), or null where unknown.</param>
public sealed record RunContext(int Cores, Func<string?> ReadLoad)
{
    public string? Load() => ReadLoad();

    /// <summary>This machine: Environment.ProcessorCount and /proc/loadavg.</summary>
    public static RunContext Current() => new(Environment.ProcessorCount, ReadProcLoadAverage);

    private static string? ReadProcLoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 3 ? string.Join(' ', parts[..3]) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
