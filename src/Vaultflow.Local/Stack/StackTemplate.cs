using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vaultflow.Local.Stack;

/// <summary>
/// What the local stack takes from serverless.template: the state machine's DefinitionSubstitutions and
/// the ingest queue's redrive maxReceiveCount. Without a template, conventions stand in
/// (<c>${XFunctionArn}</c> is function X, maxReceiveCount 3).
/// </summary>
internal sealed partial class StackTemplate
{
    public const string IngestQueue = "IngestQueue";
    public const string DeadLetterQueue = "DeadLetterQueue";
    private const int DefaultMaxReceiveCount = 3;
    private readonly JsonObject _resources;
    private readonly JsonObject _parameters;
    private readonly string _path;

    private StackTemplate(string path, JsonObject root)
    {
        _path = path;
        _resources = root["Resources"] as JsonObject ?? [];
        _parameters = root["Parameters"] as JsonObject ?? [];
    }

    public static StackTemplate Load(string path)
    {
        if (!File.Exists(path))
        {
            return new StackTemplate(path, []);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads a template's JSON text; <paramref name="path"/> only names it in errors.</summary>
    public static StackTemplate Parse(string json, string path)
    {
        try
        {
            return new StackTemplate(path, JsonNode.Parse(json) as JsonObject ?? []);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new LocalStackException($"{path} is not valid JSON ({e.Message}): fix it (vaultflow template check) and start again.", e);
        }
    }

    /// <summary>The ingest queue's RedrivePolicy.maxReceiveCount (a number or a Ref to a parameter's Default), else 3.</summary>
    public int MaxReceiveCount
    {
        get
        {
            var node = _resources[IngestQueue]?["Properties"]?["RedrivePolicy"]?["maxReceiveCount"];
            if (node?["Ref"]?.GetValue<string>() is { } parameter)
            {
                node = _parameters[parameter]?["Default"];
            }

            return node switch
            {
                JsonValue v when v.TryGetValue<int>(out var n) => n,
                JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
                _ => DefaultMaxReceiveCount,
            };
        }
    }

    /// <summary>
    /// Replaces every <c>${Name}</c> of <paramref name="definition"/>: from the state machine's DefinitionSubstitutions
    /// (Fn::GetAtt X.Arn of a function becomes its local Lambda ARN), else by convention for <c>${XFunctionArn}</c>.
    /// </summary>
    public string Substitute(string definition, string region, string account)
    {
        var substitutions = StateMachineSubstitutions();
        return Placeholder().Replace(definition, match =>
        {
            var name = match.Groups[1].Value;
            if (substitutions.TryGetValue(name, out var value))
            {
                return Resolve(name, value, region, account);
            }

            if (name.EndsWith("FunctionArn", StringComparison.Ordinal))
            {
                return FunctionArn(FunctionName(name[..^"Arn".Length]), region, account);
            }

            throw new LocalStackException($"The state machine uses ${{{name}}}, which {_path} does not define in DefinitionSubstitutions: add it there.");
        });
    }

    private Dictionary<string, JsonNode?> StateMachineSubstitutions()
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (_, resource) in _resources)
        {
            if (resource?["Type"]?.GetValue<string>() is "AWS::Serverless::StateMachine" or "AWS::StepFunctions::StateMachine"
                && resource["Properties"]?["DefinitionSubstitutions"] is JsonObject substitutions)
            {
                foreach (var (key, value) in substitutions)
                {
                    result[key] = value;
                }
            }
        }

        return result;
    }

    private string Resolve(string name, JsonNode? value, string region, string account)
    {
        if (value is JsonValue text && text.TryGetValue<string>(out var literal))
        {
            return literal;
        }

        var getAtt = value?["Fn::GetAtt"];
        var (logicalId, attribute) = getAtt switch
        {
            JsonArray { Count: 2 } pair => (pair[0]?.GetValue<string>(), pair[1]?.GetValue<string>()),
            JsonValue dotted when dotted.TryGetValue<string>(out var s) && s.Split('.') is [var id, var att] => (id, att),
            _ => (value?["Ref"]?.GetValue<string>(), "Ref"),
        };
        if (logicalId is not null && _resources[logicalId] is JsonObject resource)
        {
            var type = resource["Type"]?.GetValue<string>();
            if (type is "AWS::Serverless::Function" or "AWS::Lambda::Function")
            {
                var function = FunctionName(logicalId);
                return attribute == "Arn" ? FunctionArn(function, region, account) : function;
            }
        }

        throw new LocalStackException($"{_path}: the substitution {name} is {value?.ToJsonString()}, which the local stack cannot resolve (it knows literals and Fn::GetAtt/Ref of functions).");
    }

    /// <summary>A function's name: its Metadata.Vaultflow.Function, else its Handler, else the logical id without "Function".</summary>
    private string FunctionName(string logicalId)
    {
        var resource = _resources[logicalId];
        if (resource?["Metadata"]?["Vaultflow"]?["Function"] is JsonValue meta && meta.TryGetValue<string>(out var fromMetadata))
        {
            return fromMetadata;
        }

        if (resource?["Properties"]?["Handler"] is JsonValue handler && handler.TryGetValue<string>(out var fromHandler))
        {
            return fromHandler;
        }

        return logicalId.EndsWith("Function", StringComparison.Ordinal) ? logicalId[..^"Function".Length] : logicalId;
    }

    private static string FunctionArn(string function, string region, string account) =>
        $"arn:aws:lambda:{region}:{account}:function:{function}";

    [GeneratedRegex(@"\$\{([A-Za-z0-9_]+)\}")]
    private static partial Regex Placeholder();
}
