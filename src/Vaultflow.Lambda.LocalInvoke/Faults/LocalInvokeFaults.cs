using System.Collections.Concurrent;

namespace Vaultflow.Lambda.LocalInvoke.Faults;

/// <summary>
/// The crash switch of one local Invoke endpoint, per function: the function runs to the end, then its
/// "sandbox dies" before the response leaves, as a crashed Lambda execution environment would (or, with
/// <see cref="InvokeCrashMode.ResetWhileRunning"/>, the caller loses the invocation while it still runs). First
/// the next <see cref="InvokeFaultSettings.CrashAfterNext"/> invocations, then a seeded random fraction
/// <see cref="InvokeFaultSettings.CrashAfterRate"/>. A synchronous caller sees <see cref="InvokeCrashMode"/>;
/// an Event invocation is retried with the same request id, as Lambda retries asynchronous events.
/// </summary>
public sealed class LocalInvokeFaults
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FunctionFaults> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _crashes = new(StringComparer.Ordinal);

    /// <summary>Replaces the settings of <paramref name="function"/> (counters are kept).</summary>
    public void Configure(string function, InvokeFaultSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.CrashAfterNext);
        if (!(settings.CrashAfterRate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.CrashAfterRate, "CrashAfterRate is a fraction between 0 and 1.");
        }

        lock (_gate)
        {
            _functions[function] = new FunctionFaults(settings);
        }
    }

    /// <summary>Turns every crash off (counters are kept).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _functions.Clear();
        }
    }

    /// <summary>Invocations of <paramref name="function"/> that crashed after running.</summary>
    public long CrashCount(string function) => _crashes.GetValueOrDefault(function);

    /// <summary>Settings (with the remaining CrashAfterNext) and crash counts, per function.</summary>
    public IReadOnlyDictionary<string, InvokeFaultStatus> Snapshot()
    {
        lock (_gate)
        {
            var names = _functions.Keys.Concat(_crashes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            return names.ToDictionary(
                name => name,
                name => new InvokeFaultStatus(_functions.TryGetValue(name, out var f) ? f.Current : new InvokeFaultSettings(), _crashes.GetValueOrDefault(name)),
                StringComparer.Ordinal);
        }
    }

    /// <summary>Decides, when an invocation of <paramref name="function"/> starts, whether it crashes, and how.</summary>
    internal InvokeCrashMode? TakeCrash(string function)
    {
        InvokeCrashMode? crash;
        lock (_gate)
        {
            crash = _functions.TryGetValue(function, out var faults) ? faults.Take() : null;
        }

        if (crash is not null)
        {
            _crashes.AddOrUpdate(function, 1, (_, n) => n + 1);
        }

        return crash;
    }

    private sealed class FunctionFaults(InvokeFaultSettings settings)
    {
        private readonly Random _random = settings.Seed is { } seed ? new Random(seed) : new Random();
        private int _next = settings.CrashAfterNext;

        public InvokeFaultSettings Current => settings with { CrashAfterNext = _next };

        public InvokeCrashMode? Take()
        {
            if (_next > 0)
            {
                _next--;
                return settings.Mode;
            }

            return settings.CrashAfterRate > 0 && _random.NextDouble() < settings.CrashAfterRate ? settings.Mode : null;
        }
    }
}

/// <summary>What a synchronous caller sees when the sandbox dies after the function ran.</summary>
public enum InvokeCrashMode
{
    /// <summary>No response: the connection is reset (the SDKs report a client/network error).</summary>
    ConnectionReset,

    /// <summary>HTTP 500 with <c>x-amzn-ErrorType: ServiceException</c> (Step Functions names it <c>Lambda.ServiceException</c>).</summary>
    ServiceError,

    /// <summary>
    /// The connection is reset at once while the function goes on running to its end: the caller retries
    /// while the first invocation still owns its ledger claims (a network partition, a caller-side timeout).
    /// An Event invocation treats it as a crash after the run.
    /// </summary>
    ResetWhileRunning,
}

/// <summary>Crash the next <paramref name="CrashAfterNext"/> invocations, then a fraction <paramref name="CrashAfterRate"/> (0..1), drawn from <paramref name="Seed"/> when given.</summary>
public sealed record InvokeFaultSettings(int CrashAfterNext = 0, double CrashAfterRate = 0, InvokeCrashMode Mode = InvokeCrashMode.ConnectionReset, int? Seed = null);

/// <summary>A function's settings as they are now, and how many of its invocations crashed.</summary>
public sealed record InvokeFaultStatus(InvokeFaultSettings Settings, long Crashes);
