using Microsoft.CodeAnalysis;
using Vaultflow.Lambda.Generator.Tests.Harness;

namespace Vaultflow.Lambda.Generator.Tests;

/// <summary>The generated code, with System.Text.Json's generator alongside, compiles without a single warning.</summary>
public class CompilationTests
{
    [Fact]
    public void Compile_EverySupportedShape_HasNoDiagnostics()
    {
        var (output, diagnostics) = GeneratorHarness.RunAndCompile(Sources.WithContracts("""
            [LambdaStartup]
            public static class Startup
            {
                public static void ConfigureServices(IServiceCollection services) => services.AddScoped<Dependency>();
            }

            public sealed class Dependency { }

            public sealed class Instance : IDisposable
            {
                public Instance(Dependency dependency) { _ = dependency; }
                [LambdaFunction(Name = "Starter", MemorySize = 256, Timeout = 30)]
                [SqsEvent("@IngestQueue", BatchSize = 10)]
                public Task<Out> StartAsync(In batch, ILambdaContext context) => Task.FromResult(new Out(batch.Value, new List<Item>()));
                [LambdaFunction] public void Sync(In input) { }
                [LambdaFunction] public int Value(In input, CancellationToken token) => 1;
                public void Dispose() { }
            }

            public static class Statics
            {
                [LambdaFunction] public static void Nothing() { }
                [LambdaFunction] public static Task OnlyTask() => Task.CompletedTask;
                [LambdaFunction] public static ValueTask<int> Count(In? input) => new(input?.Value.Length ?? 0);
                [LambdaFunction(Name = "with-dash_1")] public static Out Echo(In input, ILambdaContext context) => new(input.Value, new List<Item>());
            }
            """));

        Assert.Empty(diagnostics);
        Assert.NotNull(output.GetTypeByMetadataName("Vaultflow.Generated.LambdaFunctions"));
    }

    [Fact]
    public void Compile_ClassLevelSerializer_OverridesAssemblyAndCompiles()
    {
        var source = Sources.Usings + """
            namespace Other
            {
                public sealed record Ping(int N);

                [JsonSerializable(typeof(Ping))]
                public sealed partial class OtherJson : JsonSerializerContext { }

                [LambdaSerializer(typeof(OtherJson))]
                public static class Functions
                {
                    [LambdaFunction] public static Ping Pong(Ping ping) => new(ping.N + 1);
                }
            }
            """;

        var (_, diagnostics) = GeneratorHarness.RunAndCompile(source);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Compile_NamesDifferingOnlyInDashOrUnderscore_HasNoDiagnostics()
    {
        var (_, diagnostics) = GeneratorHarness.RunAndCompile(Sources.WithContracts("""
            public static class Similar
            {
                [LambdaFunction(Name = "a-b")] public static int Dash() => 1;
                [LambdaFunction(Name = "a_b")] public static int Underscore() => 2;
            }
            """));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Run_NoFunctions_GeneratesNothing()
    {
        var result = GeneratorHarness.Run(Sources.WithContracts("public static class Nothing { }"));

        Assert.Empty(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }
}
