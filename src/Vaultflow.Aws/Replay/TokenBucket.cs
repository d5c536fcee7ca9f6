namespace Vaultflow.Aws.Replay;

/// <summary>
/// A token bucket for --rate: <see cref="RatePerSecond"/> tokens a second, at most <see cref="Burst"/>
/// banked. <see cref="WaitAsync"/> takes one token, waiting (on <see cref="TimeProvider"/>) until one exists.
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _burst;
    private double _tokens;
    private long _last;

    public TokenBucket(double ratePerSecond, double burst = 1, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        RatePerSecond = ratePerSecond;
        Burst = burst;
        _burst = burst;
        _time = time ?? TimeProvider.System;
        _tokens = burst;
        _last = _time.GetTimestamp();
    }

    public double RatePerSecond { get; }

    public double Burst { get; }

    /// <summary>How long until a token is available (zero when one is).</summary>
    public TimeSpan TimeUntilToken()
    {
        Refill();
        return _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / RatePerSecond);
    }

    /// <summary>Takes a token if one is available.</summary>
    public bool TryTake()
    {
        Refill();
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (!TryTake())
        {
            await Task.Delay(TimeUntilToken(), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * RatePerSecond));
        _last = now;
    }
}
