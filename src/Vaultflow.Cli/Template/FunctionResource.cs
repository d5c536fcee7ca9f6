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
        ["Description"] = "CPU architecture of the Lambda functions; must match the bootstrap zip in CodeUri.",
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
        if (sqs.FilterPatterns.Count > 0)
        {
            var filters = new JsonArray(sqs.FilterPatterns.Select(p => (JsonNode?)new JsonObject { ["Pattern"] = p }).ToArray());
            properties["FilterCriteria"] = new JsonObject { ["Filters"] = filters };
        }

        return new JsonObject { ["Type"] = "SQS", ["Properties"] = properties };
    }

    /// <summary>"@IngestQueue" is the template's IngestQueue resource; anything else is a literal queue ARN.</summary>
    private static JsonNode Queue(string queue) =>
        queue.StartsWith('@')
            ? new JsonObject { ["Fn::GetAtt"] = new JsonArray(queue[1..], "Arn") }
            : JsonValue.Create(queue);
}
