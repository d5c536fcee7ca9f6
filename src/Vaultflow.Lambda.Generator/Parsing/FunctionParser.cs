using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Vaultflow.Lambda.Generator.Diagnostics;
using Vaultflow.Lambda.Generator.Model;

namespace Vaultflow.Lambda.Generator.Parsing;

/// <summary>Turns one <c>[LambdaFunction]</c> method into a <see cref="FunctionModel"/>, or diagnostics saying why it can't be one.</summary>
internal static class FunctionParser
{
    private const int MaxParameters = 3;

    public static FunctionResult Parse(IMethodSymbol method, AttributeData attribute, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var methodLocation = method.Locations.FirstOrDefault();
        var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? methodLocation;
        var methodDisplay = method.ContainingType.Name + "." + method.Name;

        var name = method.Name;
        var memorySize = KnownNames.DefaultMemorySize;
        var timeout = KnownNames.DefaultTimeout;
        var policies = new List<string>();
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Name" when argument.Value.Value is string value:
                    name = value;
                    break;
                case "MemorySize" when argument.Value.Value is int value:
                    memorySize = value;
                    break;
                case "Timeout" when argument.Value.Value is int value:
                    timeout = value;
                    break;
                case "Policies" when !argument.Value.IsNull:
                    policies.AddRange(argument.Value.Values.Select(v => v.Value as string).Where(v => v is not null)!);
                    break;
            }
        }

        if (!FunctionRules.IsValidName(name))
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.InvalidName, attributeLocation, name, methodDisplay));
        }

        if (memorySize is < 128 or > 10240)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.MemorySizeOutOfRange, attributeLocation, name, memorySize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (timeout is < 1 or > 900)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.TimeoutOutOfRange, attributeLocation, name, timeout.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        CheckAccessibility(method, methodDisplay, methodLocation, diagnostics);

        if (method.IsGenericMethod || IsInGenericType(method.ContainingType))
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.GenericMethod, methodLocation, methodDisplay));
        }

        var parameters = ParseParameters(method, methodDisplay, diagnostics, out var inputType, out var inputAllowsNull);
        var returnKind = ParseReturn(method, methodDisplay, methodLocation, diagnostics, out var outputType);
        var sqsEvent = SqsEventParser.Parse(method, name, diagnostics, cancellationToken);

        var constructorParameters = EquatableArray<string>.Empty;
        var disposal = DisposalKind.None;
        if (!method.IsStatic)
        {
            constructorParameters = HandlerConstruction.ConstructorParameters(method.ContainingType, name, methodLocation, diagnostics);
            disposal = HandlerConstruction.Disposal(method.ContainingType);
        }

        var classSerializer = SerializerParser.FromAttributes(method.ContainingType.GetAttributes(), cancellationToken);

        if (diagnostics.Count > 0)
        {
            return new FunctionResult(null, EquatableArray.From(diagnostics));
        }

        var model = new FunctionModel(
            name,
            method.Name,
            SymbolNames.FullName(method.ContainingType),
            method.IsStatic,
            parameters,
            inputType,
            inputAllowsNull,
            returnKind,
            outputType,
            constructorParameters,
            disposal,
            classSerializer,
            memorySize,
            timeout,
            EquatableArray.From(policies),
            sqsEvent,
            LocationInfo.From(methodLocation));
        return new FunctionResult(model, EquatableArray<DiagnosticInfo>.Empty);
    }

    private static void CheckAccessibility(IMethodSymbol method, string methodDisplay, Location? location, List<DiagnosticInfo> diagnostics)
    {
        if (method.DeclaredAccessibility != Accessibility.Public)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.NotPublic, location, "Method", methodDisplay, method.Name));
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.DeclaredAccessibility != Accessibility.Public)
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.NotPublic, location, "Type", type.ToDisplayString(), method.Name));
            }
        }
    }

    private static bool IsInGenericType(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.ContainingType)
        {
            if (type.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    private static EquatableArray<ParameterKind> ParseParameters(
        IMethodSymbol method,
        string methodDisplay,
        List<DiagnosticInfo> diagnostics,
        out string? inputType,
        out bool inputAllowsNull)
    {
        inputType = null;
        inputAllowsNull = false;
        if (method.Parameters.Length > MaxParameters)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                Descriptors.TooManyParameters,
                method.Locations.FirstOrDefault(),
                methodDisplay,
                method.Parameters.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return EquatableArray<ParameterKind>.Empty;
        }

        var kinds = new List<ParameterKind>();
        foreach (var parameter in method.Parameters)
        {
            var location = parameter.Locations.FirstOrDefault();
            var problem = FunctionRules.ParameterProblem(parameter);
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedParameter, location, parameter.Name, methodDisplay, problem));
                continue;
            }

            var kind = SymbolNames.Is(parameter.Type, KnownNames.LambdaContext) ? ParameterKind.Context
                : SymbolNames.Is(parameter.Type, KnownNames.CancellationToken) ? ParameterKind.CancellationToken
                : ParameterKind.Input;
            if (kinds.Contains(kind))
            {
                var reason = kind == ParameterKind.Input
                    ? "a function has at most one input parameter (the deserialized payload)"
                    : "it appears twice";
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedParameter, location, parameter.Name, methodDisplay, reason));
                continue;
            }

            if (kind == ParameterKind.Input)
            {
                inputType = SymbolNames.FullName(parameter.Type);
                inputAllowsNull = !parameter.Type.IsValueType && parameter.NullableAnnotation != NullableAnnotation.NotAnnotated;
            }

            kinds.Add(kind);
        }

        return EquatableArray.From(kinds);
    }

    private static ReturnKind ParseReturn(IMethodSymbol method, string methodDisplay, Location? location, List<DiagnosticInfo> diagnostics, out string? outputType)
    {
        outputType = null;
        var type = method.ReturnType;
        string? problem = null;
        ReturnKind kind;
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            problem = "it returns by reference";
            kind = ReturnKind.Void;
        }
        else if (type.SpecialType == SpecialType.System_Void)
        {
            problem = method.IsAsync ? "async void cannot be awaited, so failures would be lost" : null;
            kind = ReturnKind.Void;
        }
        else if (SymbolNames.Is(type, KnownNames.Task))
        {
            kind = ReturnKind.Task;
        }
        else if (SymbolNames.Is(type, KnownNames.ValueTask))
        {
            kind = ReturnKind.ValueTask;
        }
        else if (SymbolNames.Is(type, KnownNames.TaskOfT) || SymbolNames.Is(type, KnownNames.ValueTaskOfT))
        {
            kind = SymbolNames.Is(type, KnownNames.TaskOfT) ? ReturnKind.TaskOfT : ReturnKind.ValueTaskOfT;
            var result = ((INamedTypeSymbol)type).TypeArguments[0];
            problem = FunctionRules.ValueTypeProblem(result);
            outputType = SymbolNames.FullName(result);
        }
        else
        {
            kind = ReturnKind.Value;
            problem = FunctionRules.ValueTypeProblem(type);
            outputType = SymbolNames.FullName(type);
        }

        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedReturn, location, methodDisplay, type.ToDisplayString(), problem));
        }

        return kind;
    }
}
