using System.Text.Json.Nodes;
using Vaultflow.Local.Stack;

namespace Vaultflow.IntegrationTests.LocalStack;

/// <summary>How the stack turns the template and the ASL into what it creates locally (no I/O).</summary>
public sealed class StackDefinitionTests
{
    private const string Template = """
        {
          "Parameters": { "MaxReceiveCount": { "Type": "Number", "Default": 7 } },
          "Resources": {
            "IngestQueue": { "Type": "AWS::SQS::Queue", "Properties": { "RedrivePolicy": { "maxReceiveCount": { "Ref": "MaxReceiveCount" } } } },
            "IngestStateMachine": {
              "Type": "AWS::Serverless::StateMachine",
              "Properties": { "DefinitionSubstitutions": {
                "DedupeFunctionArn": { "Fn::GetAtt": ["DedupeFunction", "Arn"] },
                "PersistFunctionArn": { "Fn::GetAtt": "PersistFunction.Arn" },
                "Literal": "plain"
              } }
            },
            "DedupeFunction": { "Type": "AWS::Serverless::Function", "Metadata": { "Vaultflow": { "Function": "DedupeFromMetadata" } }, "Properties": { "Handler": "Other" } },
            "PersistFunction": { "Type": "AWS::Serverless::Function", "Properties": { "Handler": "PersistHandler" } }
          }
        }
        """;

    [Fact]
    public void Substitute_TemplateSubstitutions_ResolveToLocalLambdaArns()
    {
        var template = StackTemplate.Parse(Template, "serverless.template");

        var definition = template.Substitute("""["${DedupeFunctionArn}","${PersistFunctionArn}","${Literal}","${EncryptFunctionArn}"]""", "eu-west-1", "000000000000");

        Assert.Equal(
            """["arn:aws:lambda:eu-west-1:000000000000:function:DedupeFromMetadata","arn:aws:lambda:eu-west-1:000000000000:function:PersistHandler","plain","arn:aws:lambda:eu-west-1:000000000000:function:Encrypt"]""",
            definition);
    }

    [Fact]
    public void Substitute_UnknownPlaceholder_FailsNamingIt()
    {
        var template = StackTemplate.Parse(Template, "serverless.template");

        var error = Assert.Throws<LocalStackException>(() => template.Substitute("${QueueUrl}", "us-east-1", "000000000000"));

        Assert.Contains("${QueueUrl}", error.Message, StringComparison.Ordinal);
        Assert.Contains("DefinitionSubstitutions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxReceiveCount_RefToParameter_UsesItsDefault()
    {
        Assert.Equal(7, StackTemplate.Parse(Template, "t").MaxReceiveCount);
        Assert.Equal(3, StackTemplate.Parse("{}", "t").MaxReceiveCount);
    }

    [Fact]
    public void Adapt_ResultPathDollar_IsDroppedAndOtherPathsKept()
    {
        var adapted = JsonNode.Parse(LocalDefinition.Adapt("""
            {"States":{"A":{"Type":"Task","ResultPath":"$","Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.failure"}]},"B":{"Type":"Pass","ResultPath":null}}}
            """))!;

        Assert.False(adapted["States"]!["A"]!.AsObject().ContainsKey("ResultPath"));
        Assert.Equal("$.failure", adapted["States"]!["A"]!["Catch"]![0]!["ResultPath"]!.GetValue<string>());
        Assert.True(adapted["States"]!["B"]!.AsObject().ContainsKey("ResultPath"));
    }
}
