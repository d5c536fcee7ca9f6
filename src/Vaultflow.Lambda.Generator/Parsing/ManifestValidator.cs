using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Vaultflow.Lambda.Generator.Diagnostics;
using Vaultflow.Lambda.Generator.Model;

namespace Vaultflow.Lambda.Generator.Parsing;

/// <summary>
/// The checks that need every function at once (duplicate names, one startup class) or the assembly's
/// serializer; yields the functions the dispatcher will serve.
/// </summary>
internal static class ManifestValidator
{
    public static ImmutableArray<FunctionModel> Validate(
        ImmutableArray<FunctionResult> results,
        ImmutableArray<StartupModel> startups,
        AssemblySerializer assemblySerializer,
        List<DiagnosticInfo> diagnostics,
        out StartupModel? startup)
    {
        foreach (var result in results)
        {
            diagnostics.AddRange(result.Diagnostics);
        }

        startup = null;
        if (startups.Length > 1)
        {
            var ordered = startups.OrderBy(s => s.Type, System.StringComparer.Ordinal).ToList();
            foreach (var item in ordered)
            {
                var others = string.Join(", ", ordered.Where(o => o != item).Select(o => "'" + o.Type.Replace("global::", string.Empty) + "'"));
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.MultipleStartups, item.Location, item.Type.Replace("global::", string.Empty), others));
            }
        }
        else if (startups.Length == 1)
        {
            if (startups[0].HasConfigureServices)
            {
                startup = startups[0];
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.InvalidStartup, startups[0].Location, startups[0].Type.Replace("global::", string.Empty)));
            }
        }

        var valid = new List<FunctionModel>();
        foreach (var group in results.Where(r => r.Function is not null).Select(r => r.Function!).GroupBy(f => f.Name))
        {
            var functions = group.ToList();
            if (functions.Count > 1)
            {
                var methods = string.Join(", ", functions.Select(f => f.ContainingType.Replace("global::", string.Empty) + "." + f.MethodName));
                foreach (var function in functions)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.DuplicateName, function.Location, function.Name, methods));
                }

                continue;
            }

            if (CheckSerializer(functions[0], assemblySerializer.Serializer, diagnostics))
            {
                valid.Add(functions[0]);
            }
        }

        return valid.OrderBy(f => f.Name, System.StringComparer.Ordinal).ToImmutableArray();
    }

    private static bool CheckSerializer(FunctionModel function, SerializerModel? assemblySerializer, List<DiagnosticInfo> diagnostics)
    {
        if (function.InputType is null && function.OutputType is null)
        {
            return true;
        }

        var serializer = function.ClassSerializer ?? assemblySerializer;
        if (serializer is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.MissingSerializer, function.Location, function.Name));
            return false;
        }

        if (!serializer.IsJsonSerializerContext)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.NotASerializerContext, serializer.Location, serializer.ContextType.Replace("global::", string.Empty)));
            return false;
        }

        var ok = true;
        foreach (var (type, role) in new[] { (function.InputType, "input"), (function.OutputType, "output") })
        {
            if (type is not null && !serializer.ReachableTypes.AsImmutableArray().Contains(type))
            {
                var context = serializer.ContextType.Replace("global::", string.Empty);
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.TypeNotSerializable, function.Location, function.Name, type.Replace("global::", string.Empty), role, context));
                ok = false;
            }
        }

        return ok;
    }
}
