using Microsoft.CodeAnalysis;

namespace Vaultflow.Lambda.Generator.Parsing;

internal static class SymbolNames
{
    /// <summary>global::-qualified, without nullable reference annotations (valid in typeof and casts).</summary>
    public static string FullName(ITypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    public static bool Is(ITypeSymbol? type, string metadataName)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        var definition = named.OriginalDefinition;
        var ns = definition.ContainingNamespace?.ToDisplayString();
        var name = definition.MetadataName;
        var full = string.IsNullOrEmpty(ns) ? name : ns + "." + name;
        return full == metadataName && definition.ContainingType is null;
    }

    public static bool DerivesFrom(ITypeSymbol type, string metadataName)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (Is(current, metadataName))
            {
                return true;
            }
        }

        return false;
    }
}
