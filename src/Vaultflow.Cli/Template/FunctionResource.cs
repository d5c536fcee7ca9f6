using System.Text.Json.Nodes;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Cli.Template;

/// <summary>
/// The parts of a function resource template sync owns, as (path, value) pairs; a null value means the
/// property must be absent. Everything else in the resource (Environment, extra Metadata, other Events)
/// belongs to the author and is left alone.
/// </summary>
internal static class FunctionResource
{
    public static IReadOnlyList<(string[] Path, JsonNode? Value)> OwnedValues(LambdaFunctionDescriptor function, string codeUri)
    {
        var architectures = new JsonArray(new JsonObject { ["Ref"] = TemplateConventions.ArchitectureParameter });
        var policies = function.Policies.Count == 0 ? null : new JsonArray(function.Policies.Select(Policy).ToArray());
        return
        [
            (["Type"], JsonValue.Create(TemplateConventions.FunctionType)),
            (["Metadata", TemplateConventions.MetadataKey], new JsonObject
            {
                [TemplateConventions.OwnerKey] = TemplateConventions.OwnerValue,
                [TemplateConventions.FunctionKey] = function.Name,
            }),
            (["Properties", "Handler"], JsonValue.Create(function.Name)),
            (["Properties", "Runtime"], JsonValue.Create(TemplateConventions.Runtime)),
            (["Properties", "Architectures"], architectures),
            (["Properties", "CodeUri"], JsonValue.Create(codeUri)),
            (["Properties", "MemorySize"], JsonValue.Create(function.MemorySize)),
            (["Properties", "Timeout"], JsonValue.Create(function.Timeout)),
            (["Properties", "Policies"], policies),
            (["Properties", "Events", TemplateConventions.QueueEventKey(function.Name)], function.SqsEvent is null ? null : SqsEvent(function.SqsEvent)),
        ];
    }

    /// <summary>
    /// A managed policy name stays a string; a JSON object (a SAM policy template such as
    /// {"SQSSendMessagePolicy": {...}} or an inline {"Statement": [...]}) is written as that object.
    /// </summary>
    private static JsonNode? Policy(string policy) =>
        policy.TrimStart().StartsWith('{') ? JsonNode.Parse(policy) : JsonValue.Create(policy);

    /// <summary>The template parameter every owned function's Architectures refers to.</summary>
    public static JsonObject ArchitectureParameter() => new()
    {
        ["Type"] = "String",
        ["Default"] = TemplateConventions.DefaultArchitecture,
        ["AllowedValues"] = new JsonArray("arm64", "x86_64"),
        ["Description"] = "CPU architecture of the Lambda functions (arm64 or x86_64); scripts/deploy publishes the matching Native AOT zip.",
    };

    /// <summary>The SAM SQS event source (see the AWS SAM "SQS" event property reference).</summary>
    public static JsonObject SqsEvent(SqsEventDescriptor sqs)
    {
        var properties = new JsonObject
        {
            ["Queue"] = Queue(sqs.Queue),
            ["BatchSize"] = sqs.BatchSize,
            ["MaximumBatchingWindowInSeconds"] = sqs.MaximumBatchingWindowInSeconds,
        };
        if (sqs.MaximumConcurrency != 0)
        {
            properties["ScalingConfig"] = new JsonObject { ["MaximumConcurrency"] = sqs.MaximumConcurrency };
        }

        properties["FunctionResponseTypes"] = new JsonArray("ReportBatchItemFailures");
        if (FilterCriteria(sqs.FilterPatterns) is { } filterCriteria)
        {
            properties["FilterCriteria"] = filterCriteria;
        }

        return new JsonObject { ["Type"] = "SQS", ["Properties"] = properties };
    }

    /// <summary>
    /// Literal patterns become FilterCriteria.Filters. "@Name" is a template parameter holding a pattern,
    /// used only when set: the filter is wrapped in Fn::If on the condition NameIsSet (which the template
    /// must define), so an empty parameter deploys without FilterCriteria.
    /// </summary>
    private static JsonNode? FilterCriteria(IReadOnlyList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return null;
        }

        if (patterns is [var only] && only.StartsWith('@'))
        {
            var parameter = only[1..];
            return IfSet(parameter, new JsonObject { ["Filters"] = new JsonArray(new JsonObject { ["Pattern"] = Ref(parameter) }) });
        }

        var filters = patterns.Select(p => p.StartsWith('@')
            ? IfSet(p[1..], new JsonObject { ["Pattern"] = Ref(p[1..]) })
            : new JsonObject { ["Pattern"] = p });
        return new JsonObject { ["Filters"] = new JsonArray(filters.ToArray<JsonNode?>()) };
    }

    private static JsonObject IfSet(string parameter, JsonNode value) => new()
    {
        ["Fn::If"] = new JsonArray(TemplateConventions.ParameterIsSetCondition(parameter), value, Ref("AWS::NoValue")),
    };

    private static JsonObject Ref(string name) => new() { ["Ref"] = name };

    /// <summary>"@IngestQueue" is the template's IngestQueue resource; anything else is a literal queue ARN.</summary>
    private static JsonNode Queue(string queue) =>
        queue.StartsWith('@')
            ? new JsonObject { ["Fn::GetAtt"] = new JsonArray(queue[1..], "Arn") }
            : JsonValue.Create(queue);
}
