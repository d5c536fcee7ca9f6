using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Vaultflow.Lambda.Generator.Diagnostics;
using Vaultflow.Lambda.Generator.Emit;
using Vaultflow.Lambda.Generator.Model;
using Vaultflow.Lambda.Generator.Parsing;

namespace Vaultflow.Lambda.Generator;

/// <summary>
/// Finds <c>[LambdaFunction]</c> methods and emits <c>Vaultflow.Generated.LambdaFunctions</c>. Every value
/// that crosses a pipeline step is a value-equatable record of strings and numbers, so an edit that does
/// not touch a function reuses the cached models and skips emission.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LambdaFunctionGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names, for incrementality tests.</summary>
    public const string FunctionsStep = "Functions";
    public const string StartupsStep = "Startups";
    public const string SerializerStep = "AssemblySerializer";
    public const string OrphanSqsStep = "OrphanSqsEvents";
    public const string CombinedStep = "Combined";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var functions = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.LambdaFunctionAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => FunctionParser.Parse((IMethodSymbol)ctx.TargetSymbol, ctx.Attributes[0], ct))
            .WithTrackingName(FunctionsStep);

        var startups = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.LambdaStartupAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, _) => StartupParser.Parse((INamedTypeSymbol)ctx.TargetSymbol))
            .WithTrackingName(StartupsStep);

        var orphanSqsEvents = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.SqsEventAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, _) => OrphanSqsEvent((IMethodSymbol)ctx.TargetSymbol))
            .WithTrackingName(OrphanSqsStep);

        // Assembly attributes hang off the compilation; Select reduces it to an equatable model so
        // downstream steps stay cached when the serializer did not change.
        var assemblySerializer = context.CompilationProvider
            .Select(static (compilation, ct) => new AssemblySerializer(SerializerParser.FromAttributes(compilation.Assembly.GetAttributes(), ct)))
            .WithTrackingName(SerializerStep);

        var combined = functions.Collect()
            .Combine(startups.Collect())
            .Combine(assemblySerializer)
            .Combine(orphanSqsEvents.Collect())
            .Select(static (input, _) => new GeneratorInput(
                EquatableArray.From(input.Left.Left.Left),
                EquatableArray.From(input.Left.Left.Right),
                input.Left.Right,
                EquatableArray.From(input.Right.Where(d => d is not null).Select(d => d!))))
            .WithTrackingName(CombinedStep);

        context.RegisterSourceOutput(combined, static (spc, input) => Execute(spc, input));
    }

    private static DiagnosticInfo? OrphanSqsEvent(IMethodSymbol method)
    {
        var hasFunction = method.GetAttributes().Any(a => SymbolNames.Is(a.AttributeClass, KnownNames.LambdaFunctionAttribute));
        return hasFunction
            ? null
            : DiagnosticInfo.Create(Descriptors.SqsEventWithoutFunction, method.Locations.FirstOrDefault(), method.ContainingType.Name + "." + method.Name);
    }

    private static void Execute(SourceProductionContext context, GeneratorInput input)
    {
        var diagnostics = new List<DiagnosticInfo>(input.OrphanSqsEvents);
        var functions = ManifestValidator.Validate(
            input.Functions.AsImmutableArray(),
            input.Startups.AsImmutableArray(),
            input.AssemblySerializer,
            diagnostics,
            out var startup);

        foreach (var diagnostic in diagnostics.Distinct())
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        if (input.Functions.Count == 0)
        {
            return;
        }

        context.AddSource("Vaultflow.LambdaFunctions.g.cs", DispatcherEmitter.Emit(functions, startup, input.AssemblySerializer.Serializer));
    }

    private sealed record GeneratorInput(
        EquatableArray<FunctionResult> Functions,
        EquatableArray<StartupModel> Startups,
        AssemblySerializer AssemblySerializer,
        EquatableArray<DiagnosticInfo> OrphanSqsEvents);
}
