using System.Collections.Concurrent;

namespace Vaultflow.Local.Kms.Faults;

/// <summary>
/// The fault switch and call counters of one local KMS server. Throttling makes a KMS call fail with
/// <c>ThrottlingException</c> before it does anything: first the next <see cref="KmsFaultSettings.ThrottleNext"/>
/// calls, then a seeded random fraction <see cref="KmsFaultSettings.ThrottleRate"/> of calls. Every KMS
/// call that passed authentication is counted per operation, throttled ones too.
/// </summary>
public sealed class LocalKmsFaults
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _throttled = new(StringComparer.Ordinal);
    private int _throttleNext;
    private double _throttleRate;
    private int? _seed;
    private Random _random = new();

    /// <summary>Replaces the fault settings (not the counters).</summary>
    public void Configure(KmsFaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.ThrottleNext);
        if (!(settings.ThrottleRate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.ThrottleRate, "ThrottleRate is a fraction between 0 and 1.");
        }

        lock (_gate)
        {
            _throttleNext = settings.ThrottleNext;
            _throttleRate = settings.ThrottleRate;
            _seed = settings.Seed;
            _random = settings.Seed is { } seed ? new Random(seed) : new Random();
        }
    }

    /// <summary>Zeroes all counters.</summary>
    public void ResetCounters()
    {
        _calls.Clear();
        _throttled.Clear();
    }

    /// <summary>Calls received per operation (e.g. <c>GenerateDataKey</c>), including throttled ones.</summary>
    public long CallCount(string operation) => _calls.GetValueOrDefault(operation);

    /// <summary>Calls answered with <c>ThrottlingException</c> per operation.</summary>
    public long ThrottledCount(string operation) => _throttled.GetValueOrDefault(operation);

    /// <summary>Settings and counters as they are now.</summary>
    public KmsFaultStatus Snapshot()
    {
        lock (_gate)
        {
            return new KmsFaultStatus(
                new KmsFaultSettings(_throttleNext, _throttleRate, _seed),
                new SortedDictionary<string, long>(_calls, StringComparer.Ordinal),
                new SortedDictionary<string, long>(_throttled, StringComparer.Ordinal));
        }
    }

    /// <summary>Counts the call and decides whether it is throttled.</summary>
    internal bool RecordCallAndDecideThrottle(string operation)
    {
        _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
        bool throttle;
        lock (_gate)
        {
            if (_throttleNext > 0)
            {
                _throttleNext--;
                throttle = true;
            }
            else
            {
                throttle = _throttleRate > 0 && _random.NextDouble() < _throttleRate;
            }
        }

        if (throttle)
        {
            _throttled.AddOrUpdate(operation, 1, (_, n) => n + 1);
        }

        return throttle;
    }
}

/// <summary>Fault settings: throttle the next <paramref name="ThrottleNext"/> calls, then a fraction <paramref name="ThrottleRate"/> (0..1), drawn from <paramref name="Seed"/> when given.</summary>
public sealed record KmsFaultSettings(int ThrottleNext = 0, double ThrottleRate = 0, int? Seed = null);

/// <summary>Current settings (with the remaining <c>ThrottleNext</c>) and counters per operation.</summary>
public sealed record KmsFaultStatus(
    KmsFaultSettings Settings,
    IReadOnlyDictionary<string, long> Calls,
    IReadOnlyDictionary<string, long> Throttled);
