namespace Vaultflow.IntegrationTests.Secrets;

/// <summary>A clock that moves only when the test says so (TTL expiry without sleeping).</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
