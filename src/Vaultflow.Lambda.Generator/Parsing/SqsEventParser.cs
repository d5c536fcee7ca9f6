using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Vaultflow.Lambda.Generator.Diagnostics;
using Vaultflow.Lambda.Generator.Model;

namespace Vaultflow.Lambda.Generator.Parsing;

/// <summary>Reads and checks the optional <c>[SqsEvent]</c> of a function.</summary>
internal static class SqsEventParser
{
    public static SqsEventModel? Parse(IMethodSymbol method, string functionName, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => SymbolNames.Is(a.AttributeClass, KnownNames.SqsEventAttribute));
        if (attribute is null)
        {
            return null;
        }

        var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? method.Locations.FirstOrDefault();
        var queue = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        var batchSize = KnownNames.DefaultBatchSize;
        var window = 0;
        var concurrency = 0;
        var filters = new List<string>();
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "BatchSize" when argument.Value.Value is int value:
                    batchSize = value;
                    break;
                case "MaximumBatchingWindowInSeconds" when argument.Value.Value is int value:
                    window = value;
                    break;
                case "MaximumConcurrency" when argument.Value.Value is int value:
                    concurrency = value;
                    break;
                case "Filters" when !argument.Value.IsNull:
                    filters.AddRange(argument.Value.Values.Select(v => v.Value as string).Where(v => v is not null)!);
                    break;
            }
        }

        if (batchSize is < 1 or > 10)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.BatchSizeOutOfRange, location, functionName, Text(batchSize)));
        }

        if (concurrency != 0 && concurrency is < 2 or > 1000)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.MaximumConcurrencyOutOfRange, location, functionName, Text(concurrency)));
        }

        if (window is < 0 or > 300)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.InvalidSqsEvent, location, functionName, $"MaximumBatchingWindowInSeconds = {Text(window)} is outside 0 to 300"));
        }

        if (string.IsNullOrWhiteSpace(queue) || queue == "@" || (queue!.StartsWith("@", System.StringComparison.Ordinal) && !IsLogicalId(queue.Substring(1))))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                Descriptors.InvalidSqsEvent,
                location,
                functionName,
                $"queue '{queue}' must be '@LogicalId' (an alphanumeric template resource id) or a queue ARN"));
        }
        else if (!queue.StartsWith("@", System.StringComparison.Ordinal) && !queue.StartsWith("arn:", System.StringComparison.Ordinal))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                Descriptors.InvalidSqsEvent,
                location,
                functionName,
                $"queue '{queue}' must be '@LogicalId' (a template resource) or a queue ARN starting with 'arn:'"));
        }

        return new SqsEventModel(queue ?? string.Empty, batchSize, window, concurrency, EquatableArray.From(filters));
    }

    private static bool IsLogicalId(string id) => id.Length > 0 && id.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9'));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
