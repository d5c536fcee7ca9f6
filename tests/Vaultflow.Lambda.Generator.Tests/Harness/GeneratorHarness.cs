using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Vaultflow.Lambda.Annotations;

namespace Vaultflow.Lambda.Generator.Tests.Harness;

/// <summary>Runs the generator over in-memory sources with CSharpGeneratorDriver, optionally with System.Text.Json's own generator.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    private static readonly Lazy<IIncrementalGenerator> JsonGenerator = new(LoadJsonGenerator);

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "Demo",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Our generator only: what snapshot and diagnostic tests look at.</summary>
    public static GeneratorRunResult Run(params string[] sources)
    {
        var driver = CreateDriver(includeJsonGenerator: false).RunGenerators(Compile(sources));
        return driver.GetRunResult().Results.Single();
    }

    /// <summary>Both generators, then the whole compilation's diagnostics: the generated code must compile cleanly.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics) RunAndCompile(params string[] sources)
    {
        CreateDriver(includeJsonGenerator: true).RunGeneratorsAndUpdateCompilation(Compile(sources), out var output, out var generatorDiagnostics);
        var all = generatorDiagnostics.AddRange(output.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        return (output, all);
    }

    public static GeneratorDriver CreateDriver(bool includeJsonGenerator)
    {
        var generators = new List<ISourceGenerator> { new LambdaFunctionGenerator().AsSourceGenerator() };
        if (includeJsonGenerator)
        {
            generators.Add(JsonGenerator.Value.AsSourceGenerator());
        }

        return CSharpGeneratorDriver.Create(
            generators,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public static string GeneratedSource(GeneratorRunResult result) =>
        result.GeneratedSources.Single().SourceText.ToString();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The runtime's own assemblies plus the few packages a handler library uses; never the test or
        // sample assemblies, whose generated LambdaFunctions would clash with the one under test.
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = tpa.Where(p => Path.GetDirectoryName(p) == runtimeDirectory).ToList();
        paths.Add(typeof(LambdaFunctionAttribute).Assembly.Location);
        paths.Add(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location);
        paths.Add(typeof(Microsoft.Extensions.DependencyInjection.ServiceCollection).Assembly.Location);
        paths.Add(typeof(Microsoft.Extensions.DependencyInjection.ServiceProvider).Assembly.Location);
        paths.Add(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    private static IIncrementalGenerator LoadJsonGenerator()
    {
        // System.Text.Json's generator ships in the targeting pack next to the runtime: use the real one
        // so "the generated code compiles" includes the context's generated members.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var path = Directory.GetDirectories(packs)
            .Select(d => Path.Combine(d, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll"))
            .Where(File.Exists)
            .OrderByDescending(p => p, StringComparer.Ordinal)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"System.Text.Json.SourceGeneration.dll not found under {packs}; install the .NET SDK's targeting pack.");
        var assembly = Assembly.LoadFrom(path);
        var type = assembly.GetTypes().Single(t => typeof(IIncrementalGenerator).IsAssignableFrom(t) && !t.IsAbstract);
        return (IIncrementalGenerator)Activator.CreateInstance(type)!;
    }
}
