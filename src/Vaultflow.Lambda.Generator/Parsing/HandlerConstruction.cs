using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Vaultflow.Lambda.Generator.Diagnostics;
using Vaultflow.Lambda.Generator.Model;

namespace Vaultflow.Lambda.Generator.Parsing;

/// <summary>How the dispatcher builds an instance handler's class: its one public constructor, parameters resolved from the scope.</summary>
internal static class HandlerConstruction
{
    public static EquatableArray<string> ConstructorParameters(INamedTypeSymbol type, string functionName, Location? location, List<DiagnosticInfo> diagnostics)
    {
        var typeName = type.ToDisplayString();
        if (type.IsAbstract)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.HandlerNotConstructible, location, typeName, functionName, "it is abstract"));
            return EquatableArray<string>.Empty;
        }

        var constructors = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public && !(type.IsValueType && c.Parameters.Length == 0 && c.IsImplicitlyDeclared))
            .ToList();
        if (constructors.Count == 0 && type.IsValueType)
        {
            return EquatableArray<string>.Empty;
        }

        if (constructors.Count != 1)
        {
            var reason = constructors.Count == 0 ? "it has no public constructor" : "it has several public constructors, so the choice would be ambiguous";
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.HandlerNotConstructible, location, typeName, functionName, reason));
            return EquatableArray<string>.Empty;
        }

        var result = new List<string>();
        foreach (var parameter in constructors[0].Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType || parameter.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol or ITypeParameterSymbol)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    Descriptors.HandlerNotConstructible,
                    location,
                    typeName,
                    functionName,
                    $"constructor parameter '{parameter.Name}' cannot be resolved from a service provider"));
                continue;
            }

            result.Add(SymbolNames.FullName(parameter.Type));
        }

        return EquatableArray.From(result);
    }

    public static DisposalKind Disposal(INamedTypeSymbol type)
    {
        if (type.AllInterfaces.Any(i => SymbolNames.Is(i, "System.IAsyncDisposable")))
        {
            return DisposalKind.AsyncDisposable;
        }

        return type.AllInterfaces.Any(i => SymbolNames.Is(i, "System.IDisposable")) ? DisposalKind.Disposable : DisposalKind.None;
    }
}
