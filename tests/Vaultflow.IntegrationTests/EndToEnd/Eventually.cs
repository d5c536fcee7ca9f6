namespace Vaultflow.IntegrationTests.EndToEnd;

/// <summary>Bounded polling: never a fixed sleep.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it returns a value <paramref name="done"/> accepts, or fails with the last value.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what}: not reached within {timeout.TotalSeconds:0} s (last: {value})");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }
}
