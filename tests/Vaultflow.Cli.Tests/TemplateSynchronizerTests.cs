using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vaultflow.Cli.Template;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Cli.Tests;

/// <summary>The sync rules, on in-memory templates.</summary>
public class TemplateSynchronizerTests
{
    private const string CodeUri = "artifacts/bootstrap-arm64.zip";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void Apply_EmptyTemplate_CreatesOwnedFunctionResources()
    {
        var template = TemplateFile.Empty();

        var result = TemplateSynchronizer.Apply(template, Manifests.Both, CodeUri);

        Assert.Empty(result.Conflicts);
        Assert.Equal(["Resources.ReaderFunction", "Resources.StarterFunction"], result.Drift.Select(d => d.Path));
        var reader = template["Resources"]!["ReaderFunction"]!;
        Assert.Equal(
            """{"Type":"AWS::Serverless::Function","Metadata":{"Vaultflow":{"Owner":"template-sync","Function":"Reader"}},"Properties":{"Handler":"Reader","Runtime":"provided.al2023","Architectures":[{"Ref":"Architecture"}],"CodeUri":"artifacts/bootstrap-arm64.zip","MemorySize":512,"Timeout":10,"Policies":["AWSLambdaBasicExecutionRole"]}}""",
            reader.ToJsonString());
    }

    [Fact]
    public void Apply_ParameterFilterPattern_WritesFilterCriteriaGuardedByItsCondition()
    {
        var template = TemplateFile.Empty();
        var function = new LambdaFunctionDescriptor("Starter", 256, 30, [], new SqsEventDescriptor("@IngestQueue", 10, 0, 0, ["@StarterFilterPattern"]));

        TemplateSynchronizer.Apply(template, [function], CodeUri);

        Assert.Equal(
            """{"Fn::If":["StarterFilterPatternIsSet",{"Filters":[{"Pattern":{"Ref":"StarterFilterPattern"}}]},{"Ref":"AWS::NoValue"}]}""",
            template["Resources"]!["StarterFunction"]!["Properties"]!["Events"]!["StarterQueue"]!["Properties"]!["FilterCriteria"]!.ToJsonString());
    }

    [Fact]
    public void Apply_SqsFunction_EventHasExactSamShape()
    {
        var template = TemplateFile.Empty();
        var function = new LambdaFunctionDescriptor("Starter", 256, 30, [], new SqsEventDescriptor("@IngestQueue", 10, 2, 5, ["""{"body":{"type":["order"]}}"""]));

        TemplateSynchronizer.Apply(template, [function], CodeUri);

        Assert.Equal(
            """{"StarterQueue":{"Type":"SQS","Properties":{"Queue":{"Fn::GetAtt":["IngestQueue","Arn"]},"BatchSize":10,"MaximumBatchingWindowInSeconds":2,"ScalingConfig":{"MaximumConcurrency":5},"FunctionResponseTypes":["ReportBatchItemFailures"],"FilterCriteria":{"Filters":[{"Pattern":"{\"body\":{\"type\":[\"order\"]}}"}]}}}}""",
            template["Resources"]!["StarterFunction"]!["Properties"]!["Events"]!.ToJsonString(Relaxed));
    }

    [Fact]
    public void Apply_QueueArn_IsWrittenLiterallyWithoutOptionalSettings()
    {
        var template = TemplateFile.Empty();
        var function = new LambdaFunctionDescriptor("Starter", 256, 30, [], new SqsEventDescriptor("arn:aws:sqs:eu-west-1:123456789012:ingest", 5, 0, 0, []));

        TemplateSynchronizer.Apply(template, [function], CodeUri);

        Assert.Equal(
            """{"Queue":"arn:aws:sqs:eu-west-1:123456789012:ingest","BatchSize":5,"MaximumBatchingWindowInSeconds":0,"FunctionResponseTypes":["ReportBatchItemFailures"]}""",
            template["Resources"]!["StarterFunction"]!["Properties"]!["Events"]!["StarterQueue"]!["Properties"]!.ToJsonString());
    }

    [Fact]
    public void Apply_SecondRun_NoDriftAndByteIdentical()
    {
        var template = TemplateFile.Empty();
        TemplateSynchronizer.Apply(template, Manifests.Both, CodeUri);
        var first = TemplateFile.Format(template);

        var again = TemplateFile.Parse(first, "serverless.template");
        var result = TemplateSynchronizer.Apply(again, Manifests.Both, CodeUri);

        Assert.True(result.InSync);
        Assert.Equal(first, TemplateFile.Format(again));
    }

    [Fact]
    public void Apply_HandEditedMemorySize_ReportsThatFieldAndRestoresIt()
    {
        var template = TemplateFile.Empty();
        TemplateSynchronizer.Apply(template, Manifests.Both, CodeUri);
        template["Resources"]!["StarterFunction"]!["Properties"]!["MemorySize"] = 1024;

        var result = TemplateSynchronizer.Apply(template, Manifests.Both, CodeUri);

        var drift = Assert.Single(result.Drift);
        Assert.Equal("Resources.StarterFunction.Properties.MemorySize", drift.Path);
        Assert.Equal("256", drift.Expected);
        Assert.Equal("1024", drift.Actual);
        Assert.Equal(256, template["Resources"]!["StarterFunction"]!["Properties"]!["MemorySize"]!.GetValue<int>());
    }

    [Fact]
    public void Apply_ChangedBatchSize_ReportsTheEventLeaf()
    {
        var template = TemplateFile.Empty();
        TemplateSynchronizer.Apply(template, Manifests.Both, CodeUri);
        var changed = new LambdaFunctionDescriptor("Starter", 256, 30, [], new SqsEventDescriptor("@IngestQueue", 3, 0, 0, []));

        var result = TemplateSynchronizer.Apply(template, [changed, Manifests.Reader()], CodeUri);

        var drift = Assert.Single(result.Drift);
        Assert.Equal("Resources.StarterFunction.Properties.Events.StarterQueue.Properties.BatchSize", drift.Path);
    }

    [Fact]
    public void Apply_ForeignResourceWithSameLogicalId_IsRefusedAndUntouched()
    {
        var template = JsonNode.Parse("""{"Transform":"AWS::Serverless-2016-10-31","Resources":{"StarterFunction":{"Type":"AWS::Serverless::Function","Properties":{"Handler":"mine","MemorySize":128}}}}""")!.AsObject();
        var before = template["Resources"]!.ToJsonString();

        var result = TemplateSynchronizer.Apply(template, [Manifests.Starter()], CodeUri);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Contains("Resources.StarterFunction", conflict, StringComparison.Ordinal);
        Assert.Contains("written by hand", conflict, StringComparison.Ordinal);
        Assert.Equal(before, template["Resources"]!.ToJsonString());
    }

    [Fact]
    public void Apply_FunctionRemovedFromManifest_RemovesOnlyItsOwnedResource()
    {
        var template = JsonNode.Parse("""{"Resources":{"IngestQueue":{"Type":"AWS::SQS::Queue"},"LegacyFunction":{"Type":"AWS::Serverless::Function","Properties":{"Handler":"legacy"}}}}""")!.AsObject();
        TemplateSynchronizer.Apply(template, Manifests.Both, CodeUri);

        var result = TemplateSynchronizer.Apply(template, [Manifests.Reader()], CodeUri);

        Assert.Equal("Resources.StarterFunction", Assert.Single(result.Drift).Path);
        var resources = template["Resources"]!.AsObject();
        Assert.Equal(["IngestQueue", "LegacyFunction", "ReaderFunction"], resources.Select(r => r.Key));
    }

    [Fact]
    public void Apply_ExistingTemplate_PreservesUnrelatedContentAndOrder()
    {
        var original = """
            {
              "AWSTemplateFormatVersion": "2010-09-09",
              "Transform": "AWS::Serverless-2016-10-31",
              "Description": "Vaultflow",
              "Parameters": { "Architecture": { "Type": "String", "Default": "arm64" } },
              "Resources": {
                "IngestQueue": { "Type": "AWS::SQS::Queue", "Properties": { "VisibilityTimeout": 180 } },
                "StarterFunction": {
                  "Type": "AWS::Serverless::Function",
                  "Metadata": { "BuildMethod": "makefile", "Vaultflow": { "Owner": "template-sync", "Function": "Starter" } },
                  "Properties": { "Environment": { "Variables": { "DLQ_URL": { "Ref": "Dlq" } } }, "Handler": "Starter", "MemorySize": 128 }
                }
              },
              "Outputs": { "QueueUrl": { "Value": { "Ref": "IngestQueue" } } }
            }
            """;
        var template = JsonNode.Parse(original)!.AsObject();

        TemplateSynchronizer.Apply(template, [Manifests.Starter()], CodeUri);

        Assert.Equal(["AWSTemplateFormatVersion", "Transform", "Description", "Parameters", "Resources", "Outputs"], template.Select(p => p.Key));
        Assert.Equal(JsonNode.Parse(original)!["Resources"]!["IngestQueue"]!.ToJsonString(), template["Resources"]!["IngestQueue"]!.ToJsonString());
        var starter = template["Resources"]!["StarterFunction"]!;
        Assert.Equal("makefile", starter["Metadata"]!["BuildMethod"]!.GetValue<string>());
        Assert.Equal(["Environment", "Handler", "MemorySize", "Runtime", "Architectures", "CodeUri", "Timeout", "Events"], starter["Properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("""[{"Ref":"Architecture"}]""", starter["Properties"]!["Architectures"]!.ToJsonString());
        Assert.Equal(256, starter["Properties"]!["MemorySize"]!.GetValue<int>());
    }

    [Fact]
    public void Apply_SqsEventDropped_RemovesOwnedEventKeepsOthers()
    {
        var template = TemplateFile.Empty();
        TemplateSynchronizer.Apply(template, [Manifests.Starter()], CodeUri);
        template["Resources"]!["StarterFunction"]!["Properties"]!["Events"]!["Nightly"] = JsonNode.Parse("""{"Type":"Schedule","Properties":{"Schedule":"rate(1 day)"}}""");

        var result = TemplateSynchronizer.Apply(template, [new LambdaFunctionDescriptor("Starter", 256, 30, [], null)], CodeUri);

        Assert.Equal("Resources.StarterFunction.Properties.Events.StarterQueue", Assert.Single(result.Drift).Path);
        Assert.Equal(["Nightly"], template["Resources"]!["StarterFunction"]!["Properties"]!["Events"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Apply_TemplateWithoutArchitectureParameter_AddsItBeforeResources()
    {
        var template = JsonNode.Parse("""{"AWSTemplateFormatVersion":"2010-09-09","Transform":"AWS::Serverless-2016-10-31","Resources":{}}""")!.AsObject();

        var result = TemplateSynchronizer.Apply(template, [Manifests.Reader()], CodeUri);

        Assert.Equal(["Parameters.Architecture", "Resources.ReaderFunction"], result.Drift.Select(d => d.Path));
        Assert.Equal(["AWSTemplateFormatVersion", "Transform", "Parameters", "Resources"], template.Select(p => p.Key));
        Assert.Equal("arm64", template["Parameters"]!["Architecture"]!["Default"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_ExistingArchitectureParameter_IsNeverChanged()
    {
        const string Parameters = """{"Architecture":{"Type":"String","Default":"x86_64"}}""";
        var template = JsonNode.Parse("{\"Parameters\":" + Parameters + ",\"Resources\":{}}")!.AsObject();

        TemplateSynchronizer.Apply(template, [Manifests.Reader()], CodeUri);

        Assert.Equal(Parameters, template["Parameters"]!.ToJsonString());
    }

    [Theory]
    [InlineData("Starter", "StarterFunction")]
    [InlineData("ingest-starter", "IngestStarterFunction")]
    [InlineData("get_record_v2", "GetRecordV2Function")]
    public void LogicalId_FunctionName_IsAlphanumericPascalCase(string name, string expected)
    {
        Assert.Equal(expected, TemplateConventions.LogicalId(name));
    }

    [Fact]
    public void Apply_NamesCollidingOnLogicalId_IsAConflict()
    {
        var template = TemplateFile.Empty();

        var result = TemplateSynchronizer.Apply(template, [new("a-b", 256, 30, [], null), new("a_b", 256, 30, [], null)], CodeUri);

        Assert.Contains("ABFunction", Assert.Single(result.Conflicts), StringComparison.Ordinal);
    }
}
