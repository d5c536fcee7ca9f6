using Vaultflow.Aws.Secrets;
using Vaultflow.Core.Errors;

namespace Vaultflow.IntegrationTests.Secrets;

/// <summary>The in-memory TTL cache in front of the real extension client, counting calls at the fake extension.</summary>
public sealed class CachedSecretTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private readonly FakeSecretsExtension _extension = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));
    private SecretsExtensionSource? _source;

    public Task InitializeAsync()
    {
        _extension.SetSecret("vaultflow/db", "v1");
        _source = new SecretsExtensionSource(new SecretsExtensionOptions { SecretId = "vaultflow/db", Endpoint = _extension.Endpoint, SessionToken = _extension.Token });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _source?.Dispose();
        await _extension.DisposeAsync();
    }

    [Fact]
    public async Task GetAsync_ManyInvocationsWithinTtl_OneExtensionCallThenOneMoreAfterExpiry()
    {
        var cache = new CachedSecret(_source!, Ttl, _time);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("v1", await cache.GetAsync());
            _time.Advance(TimeSpan.FromSeconds(14));
        }

        Assert.Equal(1, _extension.Calls);

        _time.Advance(TimeSpan.FromSeconds(20)); // 300 s after the fetch: expired
        _extension.SetSecret("vaultflow/db", "v2");
        Assert.Equal("v2", await cache.GetAsync());
        Assert.Equal(2, _extension.Calls);
        Assert.Equal(2, cache.Fetches);
    }

    [Fact]
    public async Task GetAsync_ManyConcurrentCallers_ShareOneFetch()
    {
        var cache = new CachedSecret(_source!, Ttl, _time);
        _extension.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var callers = Enumerable.Range(0, 50).Select(_ => Task.Run(() => cache.GetAsync())).ToArray();
        await _extension.FirstRequest.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var more = Enumerable.Range(0, 50).Select(_ => cache.GetAsync()).ToArray();
        _extension.Hold.SetResult();
        var values = await Task.WhenAll(callers.Concat(more)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(values, value => Assert.Equal("v1", value));
        Assert.Equal(1, _extension.Calls);
    }

    [Fact]
    public async Task RefreshAsync_AfterRotation_FetchesTheNewValueAndCachesIt()
    {
        var cache = new CachedSecret(_source!, Ttl, _time);
        Assert.Equal("v1", await cache.GetAsync());
        _extension.SetSecret("vaultflow/db", "v2");

        Assert.Equal("v1", await cache.GetAsync());
        Assert.Equal("v2", await cache.RefreshAsync());
        Assert.Equal("v2", await cache.GetAsync());
        Assert.Equal(2, _extension.Calls);
    }

    [Fact]
    public async Task Invalidate_NextGetFetches()
    {
        var cache = new CachedSecret(_source!, Ttl, _time);
        await cache.GetAsync();

        cache.Invalidate();
        await cache.GetAsync();

        Assert.Equal(2, _extension.Calls);
    }

    [Fact]
    public async Task GetAsync_FailedFetch_IsNotCached()
    {
        using var missing = new SecretsExtensionSource(new SecretsExtensionOptions { SecretId = "vaultflow/later", Endpoint = _extension.Endpoint, SessionToken = _extension.Token });
        var cache = new CachedSecret(missing, Ttl, _time);

        await Assert.ThrowsAsync<ConfigurationException>(() => cache.GetAsync());
        _extension.SetSecret("vaultflow/later", "created");

        Assert.Equal("created", await cache.GetAsync());
        Assert.Equal(2, _extension.Calls);
    }

    [Fact]
    public async Task GetAsync_RenewalFails_ReportsOnceThenServesTheExpiredValueUntilTheRetryTime()
    {
        using var oneAttempt = new SecretsExtensionSource(new SecretsExtensionOptions { SecretId = "vaultflow/db", Endpoint = _extension.Endpoint, SessionToken = _extension.Token, MaxAttempts = 1 });
        var cache = new CachedSecret(oneAttempt, Ttl, _time);
        await cache.GetAsync();
        _time.Advance(Ttl);
        _extension.AnswerServerError(100);

        await Assert.ThrowsAsync<TransientException>(() => cache.GetAsync());
        Assert.Equal("v1", await cache.GetAsync());
        Assert.Equal(2, _extension.Calls);

        _time.Advance(CachedSecret.RetryAfterFailure);
        _extension.AnswerServerError(0);
        _extension.SetSecret("vaultflow/db", "v2");
        Assert.Equal("v2", await cache.GetAsync());
        Assert.Equal(3, _extension.Calls);
    }

    [Fact]
    public async Task GetAsync_ZeroTtl_FetchesEveryTime()
    {
        var cache = new CachedSecret(_source!, TimeSpan.Zero, _time);

        await cache.GetAsync();
        await cache.GetAsync();

        Assert.Equal(2, _extension.Calls);
    }
}
