using System.Linq;
using Microsoft.CodeAnalysis;
using Vaultflow.Lambda.Generator.Model;

namespace Vaultflow.Lambda.Generator.Parsing;

/// <summary>Reads a <c>[LambdaStartup]</c> class: its name and whether it has the ConfigureServices hook.</summary>
internal static class StartupParser
{
    public static StartupModel Parse(INamedTypeSymbol type)
    {
        var hasHook = type.GetMembers("ConfigureServices")
            .OfType<IMethodSymbol>()
            .Any(m => m.IsStatic
                && m.DeclaredAccessibility == Accessibility.Public
                && m.ReturnsVoid
                && !m.IsGenericMethod
                && m.Parameters.Length == 1
                && m.Parameters[0].RefKind == RefKind.None
                && SymbolNames.Is(m.Parameters[0].Type, KnownNames.ServiceCollection));
        var accessible = true;
        for (var current = type; current is not null; current = current.ContainingType)
        {
            accessible &= current.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal;
        }

        return new StartupModel(SymbolNames.FullName(type), hasHook && accessible && !type.IsGenericType, LocationInfo.From(type.Locations.FirstOrDefault()));
    }
}
