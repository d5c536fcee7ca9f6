using Microsoft.CodeAnalysis;

namespace Vaultflow.Lambda.Generator.Parsing;

/// <summary>The small checks shared by parameters, results and names.</summary>
internal static class FunctionRules
{
    /// <summary>^[A-Za-z0-9_-]{1,64}$, written out: no Regex in the compiler's hot path.</summary>
    public static bool IsValidName(string? name)
    {
        if (name is null || name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            var ok = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public static string? ParameterProblem(IParameterSymbol parameter)
    {
        if (parameter.RefKind != RefKind.None)
        {
            return "ref, out and in parameters cannot carry a payload";
        }

        if (parameter.IsParams)
        {
            return "params arrays are not supported";
        }

        return ValueTypeProblem(parameter.Type);
    }

    /// <summary>Why a type cannot be deserialized into or serialized from, or null when it can.</summary>
    public static string? ValueTypeProblem(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol => "an open type parameter has no serializer metadata",
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => "pointers cannot be serialized",
        IDynamicTypeSymbol => "dynamic needs reflection-based serialization",
        { IsRefLikeType: true } => "ref struct types cannot be serialized",
        _ when SymbolNames.Is(type, KnownNames.Task) || SymbolNames.Is(type, KnownNames.TaskOfT)
            || SymbolNames.Is(type, KnownNames.ValueTask) || SymbolNames.Is(type, KnownNames.ValueTaskOfT)
            => "nested tasks are not awaited",
        _ when SymbolNames.Is(type, "System.Collections.Generic.IAsyncEnumerable`1") => "streaming responses are not supported",
        _ => null,
    };
}
