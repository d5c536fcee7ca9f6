using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vaultflow.Cli.Template;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto;
using static Vaultflow.Cli.Tests.Deploy.RepositoryTemplate;

namespace Vaultflow.Cli.Tests.Deploy;

/// <summary>
/// serverless.template read as data: the rules a deployment depends on that no linter knows (synced
/// functions, references, scoped IAM, encryption-context conditions, the visibility-timeout rule,
/// encryption, logging and tracing switched on), and that a sync keeps every hand-written part.
/// </summary>
public sealed partial class ServerlessTemplateTests
{
    private static readonly string[] ScopedServices = ["states:", "kms:", "sqs:", "secretsmanager:"];

    [Fact]
    public void Functions_EveryManifestFunction_HasItsSyncedProperties()
    {
        var manifest = ManifestReader.Read(HandlersDll);
        var resources = Resources(Load());

        foreach (var function in manifest)
        {
            var logicalId = TemplateConventions.LogicalId(function.Name);
            var resource = Assert.IsType<JsonObject>(resources[logicalId], exactMatch: false);
            foreach (var (path, expected) in FunctionResource.OwnedValues(function, TemplateSyncOptions.DefaultCodeUri))
            {
                var actual = Get(resource, path);
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{logicalId}.{string.Join('.', path)}: expected {expected?.ToJsonString() ?? "nothing"}, found {actual?.ToJsonString() ?? "nothing"}");
            }
        }

        Assert.Equal(manifest.Count, OfType(Load(), FunctionType).Count());
    }

    [Fact]
    public void Sync_RepositoryTemplate_RestoresOwnedPartsAndKeepsEveryHandWrittenPart()
    {
        var original = Load();
        var edited = Load();
        foreach (var (_, function) in OfType(edited, FunctionType))
        {
            var properties = function["Properties"]!.AsObject();
            properties["CodeUri"] = "somewhere-else.zip";
            properties.Remove("Policies");
            properties["MemorySize"] = 4096;
        }

        var result = TemplateSynchronizer.Apply(edited, ManifestReader.Read(HandlersDll), TemplateSyncOptions.DefaultCodeUri);

        Assert.Empty(result.Conflicts);
        Assert.NotEmpty(result.Drift);
        Assert.True(JsonNode.DeepEquals(original, edited), "after sync the template must equal the committed one: owned parts restored, hand-written parts (LoggingConfig, Layers, Environment, RecursiveLoop, ...) untouched");
    }

    [Fact]
    public void StateMachine_EveryAslPlaceholder_HasASubstitution()
    {
        var (_, machine) = Assert.Single(OfType(Load(), "AWS::StepFunctions::StateMachine"));
        var properties = machine["Properties"]!;
        var asl = File.ReadAllText(Path.Combine(Root, properties["DefinitionS3Location"]!.GetValue<string>()));

        var placeholders = Placeholder().Matches(asl).Select(m => m.Groups[1].Value).Distinct().Order();
        var substitutions = properties["DefinitionSubstitutions"]!.AsObject().Select(p => p.Key).Order();

        Assert.NotEmpty(placeholders);
        Assert.Equal(placeholders, substitutions);
    }

    [Fact]
    public void References_EveryRefGetAttAndSub_ResolvesToAResourceParameterOrPseudoParameter()
    {
        var template = Load();
        var resources = Resources(template);
        var parameters = template["Parameters"]!.AsObject();
        bool Known(string name) => PseudoParameters.Contains(name) || parameters.ContainsKey(name) || resources.ContainsKey(name);
        var unresolved = new List<string>();
        var checkedReferences = 0;

        foreach (var section in new[] { "Conditions", "Globals", "Resources", "Outputs" })
        {
            foreach (var (path, node) in Objects(template[section], section))
            {
                if (node["Ref"] is JsonValue reference && reference.TryGetValue<string>(out var name))
                {
                    checkedReferences++;
                    if (!Known(name))
                    {
                        unresolved.Add($"{path}: Ref {name}");
                    }
                }

                if (node["Fn::GetAtt"] is JsonArray getAtt)
                {
                    checkedReferences++;
                    if (!resources.ContainsKey(getAtt[0]!.GetValue<string>()))
                    {
                        unresolved.Add($"{path}: Fn::GetAtt {getAtt.ToJsonString()}");
                    }
                }

                if (node["Fn::Sub"] is { } sub)
                {
                    var text = sub is JsonArray withVariables ? withVariables[0]!.GetValue<string>() : sub.GetValue<string>();
                    var variables = sub is JsonArray list && list.Count > 1 ? list[1]!.AsObject() : [];
                    foreach (Match match in SubVariable().Matches(text))
                    {
                        checkedReferences++;
                        var variable = match.Groups[1].Value;
                        var target = variable.Split('.')[0];
                        var resolves = variables.ContainsKey(variable) || (variable.Contains('.', StringComparison.Ordinal) ? resources.ContainsKey(target) : Known(variable));
                        if (!resolves)
                        {
                            unresolved.Add($"{path}: Fn::Sub ${{{variable}}}");
                        }
                    }
                }
            }
        }

        Assert.True(checkedReferences > 50, $"only {checkedReferences} references found: the walk is broken");
        Assert.Empty(unresolved);
    }

    [Fact]
    public void Conditions_EveryReferencedCondition_IsDefinedAndEveryDefinedOneIsUsed()
    {
        var template = Load();
        var defined = template["Conditions"]!.AsObject().Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, node) in Objects(template, "$"))
        {
            if (node["Fn::If"] is JsonArray branches)
            {
                referenced.Add(branches[0]!.GetValue<string>());
            }

            if (node["Condition"] is JsonValue condition && condition.TryGetValue<string>(out var name))
            {
                referenced.Add(name);
            }
        }

        Assert.Empty(referenced.Except(defined));
        Assert.Empty(defined.Except(referenced));
    }

    [Fact]
    public void IamStatements_ForStatesKmsSqsAndSecretsManager_NeverUseAWildcardResource()
    {
        var statements = IamStatements(Load()).ToList();
        var scoped = statements.Where(s => Actions(s.Statement).Any(a => a == "*" || ScopedServices.Any(p => a.StartsWith(p, StringComparison.Ordinal)))).ToList();

        Assert.True(scoped.Count >= 10, $"only {scoped.Count} statements for states/kms/sqs/secretsmanager found: the walk is broken");
        foreach (var (owner, statement) in scoped)
        {
            Assert.DoesNotContain("*", Actions(statement));
            var resource = statement["Resource"];
            Assert.NotNull(resource);
            var literals = resource is JsonArray list ? list.Select(r => r as JsonValue) : [resource as JsonValue];
            Assert.DoesNotContain(literals, r => r is not null && r.TryGetValue<string>(out var text) && text.Contains('*', StringComparison.Ordinal));
            Assert.True(resource is not JsonValue, $"{owner}: {statement.ToJsonString()} names a literal resource; reference the template's resource instead");
        }
    }

    [Fact]
    public void KmsRecordKeyStatements_Condition_IsExactlyTheKeyringsEncryptionContext()
    {
        var template = Load();
        var context = RecordEncryption.Context(new VaultflowSettings { Region = "eu-west-1" }.Application);
        var recordKeyStatements = IamStatements(template)
            .Where(s => (s.Statement["Resource"] as JsonObject)?["Fn::If"]?[0]?.GetValue<string>() == "UseProjectKeyForRecords")
            .ToList();

        Assert.Equal(2, recordKeyStatements.Count);
        foreach (var (owner, statement) in recordKeyStatements)
        {
            var equals = statement["Condition"]!["StringEquals"]!.AsObject();
            Assert.Equal(context.Pairs.Keys.Select(k => "kms:EncryptionContext:" + k).Order(), equals.Select(p => p.Key).Order());
            Assert.Equal("""{"Ref":"Application"}""", equals["kms:EncryptionContext:vf-application"]!.ToJsonString());
            Assert.Equal(context.Pairs["vf-purpose"], equals["kms:EncryptionContext:vf-purpose"]!.GetValue<string>());
            Assert.True(Actions(statement).All(a => a is "kms:GenerateDataKey" or "kms:Decrypt"), owner);
        }

        Assert.Equal(context.Pairs["vf-application"], template["Parameters"]!["Application"]!["Default"]!.GetValue<string>());
        Assert.Equal("""{"Ref":"Application"}""", template["Globals"]!["Function"]!["Environment"]!["Variables"]![SettingNames.Application]!.ToJsonString());
    }

    [Fact]
    public void IngestQueue_VisibilityTimeout_IsAtLeastSixTimesTheStarterTimeoutPlusItsBatchingWindow()
    {
        var template = Load();
        var queue = Resources(template)["IngestQueue"]!["Properties"]!;
        var consumers = OfType(template, FunctionType)
            .SelectMany(f => (f.Resource["Properties"]!["Events"]?.AsObject() ?? []).Select(e => (Function: f.Resource, Event: e.Value!)))
            .Where(x => x.Event["Type"]!.GetValue<string>() == "SQS" && x.Event["Properties"]!["Queue"]!["Fn::GetAtt"]![0]!.GetValue<string>() == "IngestQueue")
            .ToList();

        var (function, sqsEvent) = Assert.Single(consumers);
        var timeout = function["Properties"]!["Timeout"]!.GetValue<int>();
        var window = sqsEvent["Properties"]!["MaximumBatchingWindowInSeconds"]?.GetValue<int>() ?? 0;
        var visibility = queue["VisibilityTimeout"]!.GetValue<int>();
        Assert.True(visibility >= (6 * timeout) + window, $"IngestQueue.VisibilityTimeout {visibility} < 6 x {timeout} + {window}");
    }

    [Fact]
    public void Encryption_KeyQueuesStateMachineAndLogGroups_UseTheRotatingProjectKey()
    {
        var template = Load();
        var resources = Resources(template);
        var projectKey = """{"Fn::GetAtt":["ProjectKey","Arn"]}""";
        var key = resources["ProjectKey"]!;
        Assert.True(key["Properties"]!["EnableKeyRotation"]!.GetValue<bool>());
        Assert.Equal("Retain", key["DeletionPolicy"]!.GetValue<string>());
        Assert.Equal("""{"Ref":"ProjectKey"}""", Assert.Single(OfType(template, "AWS::KMS::Alias")).Resource["Properties"]!["TargetKeyId"]!.ToJsonString());

        foreach (var queue in new[] { "IngestQueue", "DeadLetterQueue" })
        {
            var properties = resources[queue]!["Properties"]!;
            Assert.Equal(projectKey, properties["KmsMasterKeyId"]!.ToJsonString());
            Assert.NotNull(properties["KmsDataKeyReusePeriodSeconds"]);
            Assert.Null(properties["SqsManagedSseEnabled"]);
        }

        Assert.Equal(1209600, resources["DeadLetterQueue"]!["Properties"]!["MessageRetentionPeriod"]!.GetValue<int>());
        var encryption = resources["IngestStateMachine"]!["Properties"]!["EncryptionConfiguration"]!;
        Assert.Equal("CUSTOMER_MANAGED_KMS_KEY", encryption["Type"]!.GetValue<string>());
        Assert.Equal(projectKey, encryption["KmsKeyId"]!.ToJsonString());
        var logGroups = OfType(template, "AWS::Logs::LogGroup").ToList();
        Assert.Equal(2, logGroups.Count);
        Assert.All(logGroups, g => Assert.Equal(projectKey, g.Resource["Properties"]!["KmsKeyId"]!.ToJsonString()));
    }

    [Fact]
    public void Observability_StateMachineLogsErrorsWithoutExecutionDataAndEverythingIsTraced()
    {
        var template = Load();
        var machine = Resources(template)["IngestStateMachine"]!["Properties"]!;
        var logging = machine["LoggingConfiguration"]!;

        Assert.Equal("ERROR", logging["Level"]!.GetValue<string>());
        Assert.False(logging["IncludeExecutionData"]!.GetValue<bool>());
        Assert.Equal("""{"Fn::GetAtt":["StateMachineLogGroup","Arn"]}""", logging["Destinations"]![0]!["CloudWatchLogsLogGroup"]!["LogGroupArn"]!.ToJsonString());
        Assert.True(machine["TracingConfiguration"]!["Enabled"]!.GetValue<bool>());
        Assert.Equal("STANDARD", machine["StateMachineType"]!.GetValue<string>());
        Assert.Equal("Active", template["Globals"]!["Function"]!["Tracing"]!.GetValue<string>());
        Assert.Equal(4, OfType(template, "AWS::CloudWatch::Alarm").Count());
    }

    [Fact]
    public void Functions_HandWrittenRuntimeSettings_AreOnEveryFunction()
    {
        foreach (var (id, function) in OfType(Load(), FunctionType))
        {
            var properties = function["Properties"]!;
            Assert.True(properties["RecursiveLoop"]?.GetValue<string>() == "Terminate", $"{id}: RecursiveLoop must be Terminate");
            var logging = properties["LoggingConfig"];
            Assert.True(logging?["LogFormat"]?.GetValue<string>() == "JSON", $"{id}: LoggingConfig.LogFormat must be JSON");
            Assert.Equal("""{"Ref":"ApplicationLogLevel"}""", logging!["ApplicationLogLevel"]!.ToJsonString());
            Assert.Equal("""{"Ref":"SystemLogLevel"}""", logging["SystemLogLevel"]!.ToJsonString());
            Assert.NotNull(properties["RuntimeManagementConfig"]?["UpdateRuntimeOn"]);
        }
    }

    [Fact]
    public void DatabaseFunctions_GetTheSecretsExtensionLayerTheSecretIdAndReadPermission()
    {
        var template = Load();

        // Every function but the Starter reaches PostgreSQL (handlers/Hosting/FunctionRequirements).
        foreach (var (id, function) in OfType(template, FunctionType))
        {
            var properties = function["Properties"]!;
            var readsSecret = IamStatements(template).Any(s => s.Owner == id && Actions(s.Statement).Contains("secretsmanager:GetSecretValue")
                && s.Statement["Resource"]!.ToJsonString() == """{"Ref":"DatabaseSecretArn"}""");
            if (id == "StarterFunction")
            {
                Assert.Null(properties["Layers"]);
                Assert.False(readsSecret);
                continue;
            }

            Assert.True(readsSecret, $"{id} needs secretsmanager:GetSecretValue on DatabaseSecretArn");
            Assert.Equal("""[{"Ref":"ParametersSecretsExtensionLayerArn"}]""", properties["Layers"]!.ToJsonString());
            var variables = properties["Environment"]!["Variables"]!;
            Assert.Equal("""{"Ref":"DatabaseSecretArn"}""", variables["VAULTFLOW_DB_SECRET_ID"]!.ToJsonString());
            Assert.Equal("true", variables["PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED"]!.GetValue<string>());
        }

        Assert.Null(template["Globals"]!["Function"]!["Environment"]!["Variables"]![SettingNames.Database]);
    }

    /// <summary>Inline IAM statements of the SAM functions and of the IAM roles (both branches of an Fn::If), with their owner's logical id.</summary>
    private static IEnumerable<(string Owner, JsonObject Statement)> IamStatements(JsonObject template)
    {
        foreach (var (id, resource) in Resources(template).Select(r => (r.Key, r.Value!.AsObject())))
        {
            var documents = resource["Type"]!.GetValue<string>() switch
            {
                FunctionType => (resource["Properties"]!["Policies"]?.AsArray() ?? []).Where(p => p is JsonObject o && o.ContainsKey("Statement")),
                "AWS::IAM::Role" => (resource["Properties"]!["Policies"]?.AsArray() ?? []).Select(p => p!["PolicyDocument"]),
                _ => [],
            };
            foreach (var document in documents)
            {
                foreach (var entry in document!["Statement"]!.AsArray())
                {
                    var candidates = entry!["Fn::If"] is JsonArray branches ? new[] { branches[1], branches[2] } : new JsonNode?[] { entry };
                    foreach (var statement in candidates.OfType<JsonObject>().Where(s => s.ContainsKey("Effect")))
                    {
                        yield return (id, statement);
                    }
                }
            }
        }
    }

    private static List<string> Actions(JsonObject statement) => statement["Action"] switch
    {
        JsonArray list => list.Select(a => a!.GetValue<string>()).ToList(),
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    private static JsonNode? Get(JsonObject root, string[] path)
    {
        JsonNode? current = root;
        foreach (var key in path)
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(key, out current))
            {
                return null;
            }
        }

        return current;
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\$\{([^!}][^}]*)\}")]
    private static partial Regex SubVariable();
}
