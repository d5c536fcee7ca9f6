using Vaultflow.Aws.Replay;

namespace Vaultflow.Cli.Tests.Commands;

public sealed class TokenBucketTests
{
    [Fact]
    public void TryTake_TwoPerSecond_OneTokenThenWaitHalfASecond()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(2, time: time);

        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
        Assert.Equal(TimeSpan.FromMilliseconds(500), bucket.TimeUntilToken());

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(bucket.TryTake());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(bucket.TryTake());
    }

    [Fact]
    public void TryTake_LongIdle_BanksNoMoreThanTheBurst()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(10, burst: 1, time: time);
        Assert.True(bucket.TryTake());

        time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
