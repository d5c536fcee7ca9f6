using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Vaultflow.Lambda.Generator.Tests.Harness;

namespace Vaultflow.Lambda.Generator.Tests;

/// <summary>Edits that don't touch a function reuse the cached models and skip emission.</summary>
public class IncrementalityTests
{
    private const string Function = """
        public sealed class Handler
        {
            [LambdaFunction(Name = "Starter")]
            public Out Handle(In input) => new(input.Value, new List<Item>());
        }
        """;

    [Fact]
    public void Rerun_UnrelatedFileEdited_OutputIsCached()
    {
        var compilation = GeneratorHarness.Compile(Sources.WithContracts(Function), "namespace Demo { public static class Unrelated { public static int A() => 1; } }");
        var driver = GeneratorHarness.CreateDriver(includeJsonGenerator: false).RunGenerators(compilation);

        var unrelated = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(
            unrelated,
            CSharpSyntaxTree.ParseText("namespace Demo { public static class Unrelated { public static int A() => 2; public static int B() => 3; } }", GeneratorHarness.ParseOptions, unrelated.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(result.TrackedSteps[LambdaFunctionGenerator.FunctionsStep].SelectMany(s => s.Outputs), o => AssertReused(o.Reason));
        Assert.All(result.TrackedSteps[LambdaFunctionGenerator.CombinedStep].SelectMany(s => s.Outputs), o => AssertReused(o.Reason));
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => AssertReused(o.Reason));
    }

    [Fact]
    public void Rerun_FunctionAttributeEdited_OutputIsRegenerated()
    {
        var compilation = GeneratorHarness.Compile(Sources.WithContracts(Function));
        var driver = GeneratorHarness.CreateDriver(includeJsonGenerator: false).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(
            tree,
            CSharpSyntaxTree.ParseText(Sources.WithContracts(Function.Replace("Name = \"Starter\"", "Name = \"Starter\", MemorySize = 1024", StringComparison.Ordinal)), GeneratorHarness.ParseOptions, tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.Contains(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("\"memorySize\\\":1024", GeneratorHarness.GeneratedSource(result), StringComparison.Ordinal);
    }

    private static void AssertReused(IncrementalStepRunReason reason) =>
        Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Expected Cached or Unchanged, was {reason}.");
}
