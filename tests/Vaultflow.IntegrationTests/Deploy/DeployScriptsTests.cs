using Vaultflow.IntegrationTests.AwsCli;
using AwsCliTool = Vaultflow.IntegrationTests.AwsCli.AwsCli;
using Vaultflow.IntegrationTests.Demo;

namespace Vaultflow.IntegrationTests.Deploy;

/// <summary>
/// scripts/deploy --dry-run on a machine without AWS credentials, and scripts/find-eni and
/// scripts/functions-by-sg driving the real AWS CLI against a local EC2/Lambda endpoint.
/// </summary>
public sealed class DeployScriptsTests
{
    private const string SecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:vaultflow-db-AbCdEf";
    private const string LayerArn = "arn:aws:lambda:eu-west-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:12";

    private static readonly Dictionary<string, string> Cli = new() { ["AWS_CLI"] = AwsCliTool.Path, ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLELOCAL", ["AWS_SECRET_ACCESS_KEY"] = "local-dummy-secret", ["AWS_DEFAULT_REGION"] = "eu-west-1" };

    [Fact]
    public async Task DeployDryRun_WithoutCredentials_PrintsTheExactCommandsAndExitsZero()
    {
        var run = await ScriptRun.RunAsync(
            "deploy",
            ["--dry-run", "--s3-bucket", "vaultflow-artifacts", "--stack-name", "vf-test", "--parameter", "DatabaseSecretArn=" + SecretArn, "--parameter", "ParametersSecretsExtensionLayerArn=" + LayerArn],
            new Dictionary<string, string> { ["VAULTFLOW_BLIND_INDEX_KEY"] = "c2VjcmV0LWJsaW5kLWluZGV4LWtleS0zMi1ieXRlcyEh" });

        Assert.True(run.ExitCode == 0, run.ToString());
        var commands = run.Stdout.Split('\n').Where(l => l.StartsWith("+ ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "+ scripts/publish --arch arm64",
                "+ mkdir -p artifacts/deploy",
                "+ cp artifacts/vaultflow-handlers-linux-arm64.zip artifacts/deploy/vaultflow-handlers.zip",
                "+ aws cloudformation package --template-file serverless.template --s3-bucket vaultflow-artifacts --s3-prefix vaultflow --output-template-file artifacts/deploy/packaged.template --use-json --region eu-west-1",
            ],
            commands.Take(4));
        var deploy = commands[4];
        Assert.StartsWith("+ aws cloudformation deploy --template-file artifacts/deploy/packaged.template --stack-name vf-test --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --s3-bucket vaultflow-artifacts --s3-prefix vaultflow --no-fail-on-empty-changeset --region eu-west-1 --parameter-overrides Architecture=arm64 ", deploy, StringComparison.Ordinal);
        Assert.Contains(" DatabaseSecretArn=" + SecretArn, deploy, StringComparison.Ordinal);
        Assert.Contains(" ParametersSecretsExtensionLayerArn=" + LayerArn, deploy, StringComparison.Ordinal);
        Assert.DoesNotContain("BlindIndexKey", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Contains("note: VAULTFLOW_BLIND_INDEX_KEY is not deployed", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(5, commands.Count);
        Assert.DoesNotContain("==>", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployDryRun_X8664_PublishesAndStagesTheX64Zip()
    {
        var run = await ScriptRun.RunAsync("deploy", ["--dry-run", "--arch", "x86_64", "--s3-bucket", "b"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("+ scripts/publish --arch x64\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("+ cp artifacts/vaultflow-handlers-linux-x64.zip artifacts/deploy/vaultflow-handlers.zip\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--parameter-overrides Architecture=x86_64 ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("required parameters not given: DatabaseSecretArn ParametersSecretsExtensionLayerArn (a first deploy", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployDryRun_UnknownParameter_FailsNamingIt()
    {
        var run = await ScriptRun.RunAsync("deploy", ["--dry-run", "--parameter", "DatabaseUrl=postgres://x"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'DatabaseUrl' is not a parameter of serverless.template", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_RealRunWithoutBucket_FailsBeforeCallingAwsAndSaysHowToFixIt()
    {
        var run = await ScriptRun.RunAsync("deploy", [], new Dictionary<string, string> { ["AWS_CLI"] = "/nonexistent/aws" });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no S3 bucket for the packaged code: set s3-bucket in aws-lambda-tools-defaults.json or pass --s3-bucket", run.Stderr, StringComparison.Ordinal);
    }

    [AwsCliFact]
    public async Task FindEni_LambdaInterface_PrintsOnlyTheFunctionsWithItsSubnetAndExactSecurityGroups()
    {
        await using var endpoint = FakeEc2LambdaEndpoint.Start(
            """<item><networkInterfaceId>eni-0abc</networkInterfaceId><subnetId>subnet-a</subnetId><vpcId>vpc-1</vpcId><description>AWS Lambda VPC ENI-vaultflow</description><requesterId>AROAEXAMPLE:vaultflow</requesterId><status>in-use</status><interfaceType>lambda</interfaceType><groupSet><item><groupId>sg-1</groupId><groupName>db-clients</groupName></item><item><groupId>sg-2</groupId><groupName>egress</groupName></item></groupSet></item>""",
            """
            [
              {"FunctionName":"vf-Starter","VpcConfig":{"SubnetIds":["subnet-a","subnet-b"],"SecurityGroupIds":["sg-2","sg-1"],"VpcId":"vpc-1"}},
              {"FunctionName":"vf-Persist","VpcConfig":{"SubnetIds":["subnet-b","subnet-a"],"SecurityGroupIds":["sg-1","sg-2"],"VpcId":"vpc-1"}},
              {"FunctionName":"other-subnet","VpcConfig":{"SubnetIds":["subnet-c"],"SecurityGroupIds":["sg-1","sg-2"],"VpcId":"vpc-1"}},
              {"FunctionName":"fewer-groups","VpcConfig":{"SubnetIds":["subnet-a"],"SecurityGroupIds":["sg-1"],"VpcId":"vpc-1"}},
              {"FunctionName":"more-groups","VpcConfig":{"SubnetIds":["subnet-a"],"SecurityGroupIds":["sg-1","sg-2","sg-3"],"VpcId":"vpc-1"}},
              {"FunctionName":"not-in-vpc"},
              {"FunctionName":"empty-vpc","VpcConfig":{"SubnetIds":[],"SecurityGroupIds":[]}}
            ]
            """);

        var run = await ScriptRun.RunAsync("find-eni", ["eni-0abc", "--endpoint-url", endpoint.Url], Cli);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["vf-Starter", "vf-Persist"], run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("subnet=subnet-a security-groups=sg-1,sg-2", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(endpoint.Requests, r => r.Contains("NetworkInterfaceId.1=eni-0abc", StringComparison.Ordinal));
        Assert.Contains("lambda:ListFunctions", endpoint.Requests);
    }

    [AwsCliFact]
    public async Task FindEni_NotALambdaInterface_ExitsThreeSayingWhatItIs()
    {
        await using var endpoint = FakeEc2LambdaEndpoint.Start(
            """<item><networkInterfaceId>eni-0nat</networkInterfaceId><subnetId>subnet-a</subnetId><vpcId>vpc-1</vpcId><description>Interface for NAT Gateway nat-1</description><requesterId>amazon-elb</requesterId><status>in-use</status><interfaceType>nat_gateway</interfaceType><groupSet/></item>""",
            "[]");

        var run = await ScriptRun.RunAsync("find-eni", ["eni-0nat", "--endpoint-url", endpoint.Url], Cli);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("eni-0nat is not a Lambda network interface (InterfaceType 'nat_gateway', description 'Interface for NAT Gateway nat-1')", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("subnet=subnet-a security-groups= requester=amazon-elb", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("lambda:ListFunctions", endpoint.Requests);
    }

    [AwsCliFact]
    public async Task FunctionsBySg_ListsTheFunctionsAttachedToTheGroup()
    {
        await using var endpoint = FakeEc2LambdaEndpoint.Start(
            string.Empty,
            """
            [
              {"FunctionName":"vf-Dedupe","VpcConfig":{"SubnetIds":["subnet-a","subnet-b"],"SecurityGroupIds":["sg-1"],"VpcId":"vpc-1"}},
              {"FunctionName":"vf-GetRecord","VpcConfig":{"SubnetIds":["subnet-a"],"SecurityGroupIds":["sg-9","sg-1"],"VpcId":"vpc-1"}},
              {"FunctionName":"unrelated","VpcConfig":{"SubnetIds":["subnet-a"],"SecurityGroupIds":["sg-10"],"VpcId":"vpc-1"}},
              {"FunctionName":"not-in-vpc"}
            ]
            """);

        var run = await ScriptRun.RunAsync("functions-by-sg", ["sg-1", "--endpoint-url", endpoint.Url], Cli);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["vf-Dedupe\tsubnet-a,subnet-b\tsg-1", "vf-GetRecord\tsubnet-a\tsg-9,sg-1"], run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [AwsCliFact]
    public async Task FunctionsBySg_NoCredentials_SaysHowToConfigureThem()
    {
        var run = await ScriptRun.RunAsync("functions-by-sg", ["sg-1", "--region", "eu-west-1"], new Dictionary<string, string> { ["AWS_CLI"] = AwsCliTool.Path });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no usable AWS credentials for 'aws lambda list-functions'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scripts_Help_ExitZeroAndDescribeUsage()
    {
        foreach (var script in new[] { "deploy", "find-eni", "functions-by-sg" })
        {
            ProcessResult run = await ScriptRun.RunAsync(script, ["--help"]);
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains($"Usage: scripts/{script}", run.Stdout, StringComparison.Ordinal);
        }
    }
}
