using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Vaultflow.Lambda.Generator.Model;

namespace Vaultflow.Lambda.Generator.Parsing;

/// <summary>Reads <c>[LambdaSerializer]</c> and approximates which types the named context can serialize.</summary>
internal static class SerializerParser
{
    // A guard against pathological type graphs; real contexts stay far below it.
    private const int MaxReachableTypes = 4096;

    public static SerializerModel? FromAttributes(IEnumerable<AttributeData> attributes, CancellationToken cancellationToken)
    {
        foreach (var attribute in attributes)
        {
            if (!SymbolNames.Is(attribute.AttributeClass, KnownNames.LambdaSerializerAttribute))
            {
                continue;
            }

            var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol context)
            {
                return null;
            }

            var isContext = SymbolNames.DerivesFrom(context, KnownNames.JsonSerializerContext);
            var reachable = isContext ? Reachable(context, cancellationToken) : new List<string>();
            reachable.Sort(System.StringComparer.Ordinal);
            return new SerializerModel(SymbolNames.FullName(context), isContext, EquatableArray.From(reachable), LocationInfo.From(location));
        }

        return null;
    }

    private static List<string> Reachable(INamedTypeSymbol context, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<ITypeSymbol>();
        foreach (var attribute in context.GetAttributes())
        {
            if (SymbolNames.Is(attribute.AttributeClass, KnownNames.JsonSerializableAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is ITypeSymbol root)
            {
                queue.Enqueue(root);
            }
        }

        while (queue.Count > 0 && seen.Count < MaxReachableTypes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var type = queue.Dequeue();
            if (!seen.Add(SymbolNames.FullName(type)))
            {
                continue;
            }

            foreach (var next in Children(type))
            {
                queue.Enqueue(next);
            }
        }

        return seen.ToList();
    }

    private static IEnumerable<ITypeSymbol> Children(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            yield return array.ElementType;
            yield break;
        }

        if (type is not INamedTypeSymbol named)
        {
            yield break;
        }

        foreach (var argument in named.TypeArguments)
        {
            yield return argument;
        }

        // Framework types contribute only their type arguments (List<T> -> T); their members are not contract.
        var ns = named.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (named.SpecialType != SpecialType.None || ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal))
        {
            yield break;
        }

        for (var current = named; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }

                if (member is IPropertySymbol { IsIndexer: false } property)
                {
                    yield return property.Type;
                }
                else if (member is IFieldSymbol field)
                {
                    yield return field.Type;
                }
            }
        }
    }
}
