using Vaultflow.Lambda.Generator.Tests.Harness;

namespace Vaultflow.Lambda.Generator.Tests;

public class SnapshotTests
{
    [Fact]
    public void Generate_StaticFunction_MatchesSnapshot()
    {
        var result = GeneratorHarness.Run(Sources.WithContracts("""
            public static class Functions
            {
                [LambdaFunction(Name = "Echo", MemorySize = 128, Timeout = 5)]
                public static Out Echo(In input) => new(input.Value, new List<Item>());
            }
            """));

        Assert.Empty(result.Diagnostics);
        Snapshot.Match("StaticFunction", GeneratorHarness.GeneratedSource(result));
    }

    [Fact]
    public void Generate_InstanceFunctionWithStartup_MatchesSnapshot()
    {
        var result = GeneratorHarness.Run(Sources.WithContracts("""
            public interface IClock { DateTimeOffset Now { get; } }
            public sealed class Clock : IClock { public DateTimeOffset Now => DateTimeOffset.UnixEpoch; }

            [LambdaStartup]
            public static class Startup
            {
                public static void ConfigureServices(IServiceCollection services) => services.AddSingleton<IClock, Clock>();
            }

            public sealed class Handler : IAsyncDisposable
            {
                private readonly IClock _clock;
                public Handler(IClock clock) { _clock = clock; }

                [LambdaFunction(Policies = new[] { "AWSLambdaBasicExecutionRole", "SQSSendMessagePolicy" })]
                public async Task<Out> Handle(ILambdaContext context, In input, CancellationToken token)
                {
                    await Task.Yield();
                    return new Out(_clock.Now.ToString(), new List<Item>());
                }

                public ValueTask DisposeAsync() => default;
            }
            """));

        Assert.Empty(result.Diagnostics);
        Snapshot.Match("InstanceFunctionWithStartup", GeneratorHarness.GeneratedSource(result));
    }

    [Fact]
    public void Generate_SqsFunctionWithAllSettings_MatchesSnapshot()
    {
        var result = GeneratorHarness.Run(Sources.WithContracts("""
            public sealed class Starter
            {
                [LambdaFunction(Name = "Starter", MemorySize = 256, Timeout = 30)]
                [SqsEvent("@IngestQueue", BatchSize = 10, MaximumBatchingWindowInSeconds = 2, MaximumConcurrency = 5, Filters = new[] { "{\"body\":{\"type\":[\"order\"]}}" })]
                public Task<Out> StartAsync(In batch, ILambdaContext context) => Task.FromResult(new Out(batch.Value, new List<Item>()));
            }
            """));

        Assert.Empty(result.Diagnostics);
        Snapshot.Match("SqsFunction", GeneratorHarness.GeneratedSource(result));
    }

    [Fact]
    public void Generate_EveryReturnShape_MatchesSnapshot()
    {
        var result = GeneratorHarness.Run(Sources.WithContracts("""
            public static class Shapes
            {
                [LambdaFunction] public static void Nothing() { }
                [LambdaFunction] public static Task OnlyTask(CancellationToken token) => Task.CompletedTask;
                [LambdaFunction] public static ValueTask OnlyValueTask(In? input) => default;
                [LambdaFunction] public static ValueTask<int> Count(In input) => new(input.Value.Length);
                [LambdaFunction] public static int Plain(ILambdaContext context) => context.MemoryLimitInMB;
            }
            """));

        Assert.Empty(result.Diagnostics);
        Snapshot.Match("ReturnShapes", GeneratorHarness.GeneratedSource(result));
    }
}
