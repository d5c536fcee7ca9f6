using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Configuration;

namespace Vaultflow.IntegrationTests.Cli;

/// <summary>Where commands find the stack: local.json (found through VAULTFLOW_STATE_DIR or walking up), else the AWS variables.</summary>
public sealed class StackResolverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vaultflow-resolve-").FullName;

    [Fact]
    public void Resolve_NearestVaultflowDirectoryAbove_LocalJsonWinsOverTheEnvironment()
    {
        var state = Directory.CreateDirectory(Path.Combine(_root, ".vaultflow")).FullName;
        File.WriteAllText(Path.Combine(state, "local.json"), """{"region":"eu-west-1","sqsEndpoint":"http://127.0.0.1:4566","ingestQueueUrl":"http://127.0.0.1:4566/000000000000/in","dlqUrl":"http://127.0.0.1:4566/000000000000/dlq","postgres":"Host=127.0.0.1","pid":42}""");
        var deep = Directory.CreateDirectory(Path.Combine(_root, "a", "b")).FullName;
        var env = new DictionaryEnvironmentVariables(new Dictionary<string, string> { ["AWS_REGION"] = "us-east-2", ["AWS_ENDPOINT_URL_SQS"] = "https://sqs.example", ["VAULTFLOW_MAX_REPLAYS"] = "5" });

        var stack = StackResolver.Resolve(new CliHost(env, deep, TextReader.Null, false));

        Assert.True(stack.IsLocal);
        Assert.Equal("eu-west-1", stack.Region);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), stack.SqsEndpoint);
        Assert.Equal("http://127.0.0.1:4566/000000000000/dlq", stack.Settings.DlqUrl);
        Assert.Equal("Host=127.0.0.1", stack.Settings.DatabaseConnectionString);
        Assert.Equal(5, stack.Settings.MaxReplays);
    }

    [Fact]
    public void Resolve_NoLocalJson_UsesTheAwsVariables()
    {
        var env = new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            ["VAULTFLOW_STATE_DIR"] = Path.Combine(_root, "none"),
            ["AWS_REGION"] = "eu-central-1",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1234",
            ["VAULTFLOW_DLQ_URL"] = "https://sqs.eu-central-1.amazonaws.com/1/dlq",
        });

        var stack = StackResolver.Resolve(new CliHost(env, _root, TextReader.Null, false));

        Assert.False(stack.IsLocal);
        Assert.Equal("eu-central-1", stack.Region);
        Assert.Equal(new Uri("http://127.0.0.1:1234"), stack.SfnEndpoint);
        Assert.Equal("https://sqs.eu-central-1.amazonaws.com/1/dlq", stack.Settings.DlqUrl);
        Assert.Contains("AWS_ENDPOINT_URL_*", stack.UnreachableHint, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_BrokenLocalJson_ConfigurationErrorNamingTheFile()
    {
        File.WriteAllText(Path.Combine(_root, "local.json"), "{not json");
        var env = new DictionaryEnvironmentVariables(new Dictionary<string, string> { ["VAULTFLOW_STATE_DIR"] = _root });

        var ex = Assert.Throws<Vaultflow.Core.Errors.ConfigurationException>(() => StackResolver.Resolve(new CliHost(env, _root, TextReader.Null, false)));

        Assert.Contains("local.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/run-local", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
