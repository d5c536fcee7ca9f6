namespace Vaultflow.IntegrationTests.Corpus;

/// <summary>
/// A class fixture holding one <see cref="CorpusStack"/> for all of a test class's cases: created by the first
/// case (which has the collection's fixtures), disposed after the last. Cases in a class run one at a time.
/// </summary>
public sealed class SharedCorpusStack : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CorpusStack? _stack;

    internal async Task<CorpusStack> GetAsync(Func<Task<CorpusStack>> start)
    {
        await _gate.WaitAsync();
        try
        {
            return _stack ??= await start();
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        _gate.Dispose();
    }
}
