using System.Diagnostics;
using System.Text.Json;
using Amazon.KeyManagementService.Model;
using Amazon.SQS.Model;
using Vaultflow.Aws.StepFunctions;

namespace Vaultflow.IntegrationTests.LocalStack;

// The stack runs on Linux (/proc, POSIX signals, file modes), like everything the scripts set up.
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(LocalStackCollection.Name)]
public sealed class LocalStackTests(LocalStackFixture fixture)
{
    [Fact]
    public void LocalUp_Ready_PrintsOneReadyLineNamingLocalJson()
    {
        var ready = fixture.Process.Output.Where(l => l.StartsWith(LocalStackProcess.ReadyPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal([$"vaultflow local stack ready (state: {fixture.Process.DescriptionPath})"], ready);
    }

    [Fact]
    public void LocalUp_Ready_LocalJsonIsCompleteAndOwnerOnly()
    {
        var stack = fixture.Stack;
        foreach (var endpoint in new[] { stack.SqsEndpoint, stack.SfnEndpoint, stack.KmsEndpoint, stack.LambdaEndpoint })
        {
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", endpoint);
        }

        Assert.Equal("us-east-1", stack.Region);
        Assert.StartsWith(stack.SqsEndpoint, stack.IngestQueueUrl, StringComparison.Ordinal);
        Assert.StartsWith(stack.SqsEndpoint, stack.DlqUrl, StringComparison.Ordinal);
        Assert.NotEqual(stack.IngestQueueUrl, stack.DlqUrl);
        Assert.StartsWith("arn:aws:states:us-east-1:000000000000:stateMachine:", stack.StateMachineArn, StringComparison.Ordinal);
        Assert.Equal("alias/vaultflow-local", stack.KmsKeyId);
        Assert.Equal(fixture.Process.Database, stack.Database);
        Assert.Contains($"Database={stack.Database}", stack.Postgres, StringComparison.Ordinal);
        Assert.Contains("Username=vaultflow_app", stack.Postgres, StringComparison.Ordinal);
        Assert.Equal(fixture.Process.Process.Id, stack.Pid);

        using var raw = JsonDocument.Parse(File.ReadAllText(fixture.Process.DescriptionPath));
        var names = raw.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "region", "sqsEndpoint", "sfnEndpoint", "kmsEndpoint", "lambdaEndpoint", "ingestQueueUrl", "dlqUrl", "stateMachineArn", "kmsKeyId", "postgres", "database" }, names);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fixture.Process.DescriptionPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stack.BlindIndexKeyFile));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(stack.BlindIndexKeyFile)).Length);
    }

    [Fact]
    public void LocalUp_Ready_EverySocketListensOnLoopbackOnly()
    {
        var pids = fixture.Process.ChildProcessIds().Append(fixture.Process.Process.Id).ToList();
        var listening = ProcessTree.ListeningAddresses(pids);

        // SQS, Step Functions, KMS and Lambda at least; all of them on 127.0.0.1.
        Assert.True(listening.Count >= 4, "listening: " + string.Join(", ", listening));
        Assert.All(listening, address => Assert.StartsWith("127.0.0.1:", address, StringComparison.Ordinal));
        foreach (var endpoint in new[] { fixture.Stack.SqsEndpoint, fixture.Stack.SfnEndpoint, fixture.Stack.KmsEndpoint, fixture.Stack.LambdaEndpoint })
        {
            Assert.Contains($"127.0.0.1:{new Uri(endpoint).Port}", listening);
        }
    }

    [Fact]
    public async Task IngestQueue_Created_RedrivesToTheDlqAfterMaxReceiveCount()
    {
        var attributes = await fixture.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = fixture.Stack.IngestQueueUrl,
            AttributeNames = ["RedrivePolicy", "VisibilityTimeout"],
        });
        var dlqArn = (await fixture.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = fixture.Stack.DlqUrl, AttributeNames = ["QueueArn"] })).Attributes["QueueArn"];

        using var policy = JsonDocument.Parse(attributes.Attributes["RedrivePolicy"]);
        Assert.Equal(dlqArn, policy.RootElement.GetProperty("deadLetterTargetArn").GetString());
        // The template's MaxReceiveCount parameter default.
        using var template = JsonDocument.Parse(File.ReadAllText(Support.RepoRoot.Combine("serverless.template")));
        Assert.Equal(template.RootElement.GetProperty("Parameters").GetProperty("MaxReceiveCount").GetProperty("Default").GetInt32(), policy.RootElement.GetProperty("maxReceiveCount").GetInt32());
        Assert.Equal("10", attributes.Attributes["VisibilityTimeout"]);
    }

    [Fact]
    public async Task StateMachine_Created_ListsExecutionsThroughTheClient()
    {
        var executions = await fixture.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest(fixture.Stack.StateMachineArn));

        Assert.NotNull(executions.Executions);
    }

    [Fact]
    public async Task Kms_BootstrapAlias_DescribesAnEnabledKey()
    {
        var key = await fixture.Kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = fixture.Stack.KmsKeyId });

        Assert.True(key.KeyMetadata.Enabled);
        Assert.Contains("arn:aws:kms:us-east-1:000000000000:key/", key.KeyMetadata.Arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_Migrated_AppRoleReadsTheRecordsTable()
    {
        await using var command = fixture.App.CreateCommand("SELECT count(*) FROM records");

        // Throws when the table is missing or the app role has no grant on it.
        Assert.IsType<long>(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AwsCli_EndpointUrl_ListsTheQueuesAndTheStateMachine()
    {
        var queues = await AwsCliAsync("sqs", "list-queues", "--endpoint-url", fixture.Stack.SqsEndpoint);
        var machines = await AwsCliAsync("stepfunctions", "list-state-machines", "--endpoint-url", fixture.Stack.SfnEndpoint);

        Assert.Contains("vaultflow-ingest", queues, StringComparison.Ordinal);
        Assert.Contains("vaultflow-dlq", queues, StringComparison.Ordinal);
        Assert.Contains(fixture.Stack.StateMachineArn, machines, StringComparison.Ordinal);
    }

    private async Task<string> AwsCliAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("aws", [.. arguments, "--region", fixture.Stack.Region, "--output", "json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AWS_ACCESS_KEY_ID"] = Vaultflow.Local.Stack.LocalStack.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = Vaultflow.Local.Stack.LocalStack.SecretAccessKey;
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"aws {string.Join(' ', arguments)} failed: {await error}");
        return await output;
    }
}
