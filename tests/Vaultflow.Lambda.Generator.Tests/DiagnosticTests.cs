using Microsoft.CodeAnalysis;
using Vaultflow.Lambda.Generator.Tests.Harness;

namespace Vaultflow.Lambda.Generator.Tests;

/// <summary>Each misuse yields its own diagnostic, as an error, with a message that says what to do.</summary>
public class DiagnosticTests
{
    public static TheoryData<string, string> Misuses => new()
    {
        { "VFL001", Fn("""[LambdaFunction(Name = "bad name!")] public static int F() => 1;""") },
        { "VFL001", Fn("""[LambdaFunction(Name = "")] public static int F() => 1;""") },
        { "VFL003", Fn("[LambdaFunction] public static int F(In a, ILambdaContext b, CancellationToken c, int d) => 1;") },
        { "VFL004", Fn("[LambdaFunction] public static int F(In a, In b) => 1;") },
        { "VFL004", Fn("[LambdaFunction] public static int F(ref In a) => 1;") },
        { "VFL004", Fn("[LambdaFunction] public static int F(Span<byte> a) => 1;") },
        { "VFL005", Fn("[LambdaFunction] public static async void F() { await Task.Yield(); }") },
        { "VFL005", Fn("[LambdaFunction] public static Task<Task<int>> F() => null!;") },
        { "VFL005", Fn("[LambdaFunction] public static IAsyncEnumerable<int> F() => null!;") },
        { "VFL006", Fn("[LambdaFunction] public static int F<T>() => 1;") },
        { "VFL006", Sources.WithContracts("public static class G<T> { [LambdaFunction] public static int F() => 1; }") },
        { "VFL007", Fn("[LambdaFunction] internal static int F() => 1;") },
        { "VFL007", Sources.WithContracts("internal static class Hidden { [LambdaFunction] public static int F() => 1; }") },
        { "VFL008", Fn("[LambdaFunction] public static int F() => 1;", """
            [LambdaStartup] public static class S1 { public static void ConfigureServices(IServiceCollection s) { } }
            [LambdaStartup] public static class S2 { public static void ConfigureServices(IServiceCollection s) { } }
            """) },
        { "VFL009", Fn("[LambdaFunction] public static int F() => 1;", "[LambdaStartup] public static class S { public static void Configure(IServiceCollection s) { } }") },
        { "VFL010", Sources.Usings + Sources.Contracts + "namespace Demo { public static class X { [LambdaFunction] public static int F(In i) => 1; } }" },
        { "VFL011", Sources.Usings + "[assembly: LambdaSerializer(typeof(Demo.NotJson))]\n" + Sources.Contracts + "namespace Demo { public sealed class NotJson { } public static class X { [LambdaFunction] public static int F(In i) => 1; } }" },
        { "VFL012", Fn("[LambdaFunction] public static Guid F(In input) => Guid.Empty;") },
        { "VFL012", Sources.WithContracts("public sealed record Unregistered(int A);\npublic static class X { [LambdaFunction] public static int F(Unregistered u) => 1; }") },
        { "VFL013", Fn("[LambdaFunction(MemorySize = 64)] public static int F() => 1;") },
        { "VFL013", Fn("[LambdaFunction(MemorySize = 10241)] public static int F() => 1;") },
        { "VFL014", Fn("[LambdaFunction(Timeout = 0)] public static int F() => 1;") },
        { "VFL014", Fn("[LambdaFunction(Timeout = 901)] public static int F() => 1;") },
        { "VFL015", Fn("""[LambdaFunction, SqsEvent("@Q", BatchSize = 11)] public static int F() => 1;""") },
        { "VFL015", Fn("""[LambdaFunction, SqsEvent("@Q", BatchSize = 0)] public static int F() => 1;""") },
        { "VFL016", Fn("""[LambdaFunction, SqsEvent("@Q", MaximumConcurrency = 1)] public static int F() => 1;""") },
        { "VFL016", Fn("""[LambdaFunction, SqsEvent("@Q", MaximumConcurrency = 1001)] public static int F() => 1;""") },
        { "VFL017", Sources.WithContracts("public abstract class A { [LambdaFunction] public int F() => 1; }") },
        { "VFL017", Sources.WithContracts("public sealed class B { public B() { } public B(int x) { } [LambdaFunction] public int F() => 1; }") },
        { "VFL018", Fn("""[SqsEvent("@Q")] public static int F() => 1;""") },
        { "VFL019", Fn("""[LambdaFunction, SqsEvent("not-a-queue")] public static int F() => 1;""") },
        { "VFL019", Fn("""[LambdaFunction, SqsEvent("@Q", MaximumBatchingWindowInSeconds = 301)] public static int F() => 1;""") },
    };

    [Theory]
    [MemberData(nameof(Misuses))]
    public void Run_Misuse_ReportsItsDiagnostic(string id, string source)
    {
        var result = GeneratorHarness.Run(source);

        var matching = result.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.NotEmpty(matching);
        Assert.All(matching, diagnostic =>
        {
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.NotEqual(Location.None, diagnostic.Location);
            Assert.DoesNotContain("{0}", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Run_DuplicateName_ReportsVFL002OnBothMethodsAndEmitsNeither()
    {
        var result = GeneratorHarness.Run(Fn("""
            [LambdaFunction(Name = "Same")] public static int A() => 1;
            [LambdaFunction(Name = "Same")] public static int B() => 2;
            [LambdaFunction(Name = "Other")] public static int C() => 3;
            """));

        var duplicates = result.Diagnostics.Where(d => d.Id == "VFL002").ToList();
        Assert.Equal(2, duplicates.Count);
        Assert.Contains("Functions.A", duplicates[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var source = GeneratorHarness.GeneratedSource(result);
        Assert.DoesNotContain("\"Same\"", source, StringComparison.Ordinal);
        Assert.Contains("\"Other\"", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TypeReachableThroughRegisteredType_ReportsNothing()
    {
        // Item is only a List<Item> element of the registered Out: System.Text.Json generates metadata for it.
        var result = GeneratorHarness.Run(Fn("[LambdaFunction] public static Item F(Item item) => item;"));

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Run_ValidFunction_ReportsNothing()
    {
        var result = GeneratorHarness.Run(Fn("""[LambdaFunction(Name = "Ok-1", MemorySize = 10240, Timeout = 900), SqsEvent("arn:aws:sqs:eu-west-1:123456789012:q", BatchSize = 1, MaximumConcurrency = 2)] public static int F(In i) => 1;"""));

        Assert.Empty(result.Diagnostics);
    }

    private static string Fn(string members, string extra = "") =>
        Sources.WithContracts("public static class Functions\n{\n" + members + "\n}\n" + extra);
}
