using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Configuration;

namespace Vaultflow.Cli.Tests.Commands;

public sealed class HelpTests
{
    [Theory]
    [InlineData("send")]
    [InlineData("replay")]
    [InlineData("dlq")]
    [InlineData("executions")]
    [InlineData("execution")]
    [InlineData("redrive")]
    [InlineData("failures")]
    [InlineData("get")]
    [InlineData("migrate")]
    public async Task Help_EveryOperatorCommand_ShowsExamples(string command)
    {
        using var output = new StringWriter();
        var host = new CliHost(new DictionaryEnvironmentVariables(new Dictionary<string, string>()), "/", TextReader.Null, Interactive: false);

        var code = await Program.RunAsync([command, "--help"], output, TextWriter.Null, host);

        Assert.Equal(0, code);
        Assert.Contains("Examples:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("vaultflow " + command, output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("template", "vaultflow template check --manifest")]
    [InlineData("template sync", "vaultflow template sync --manifest")]
    [InlineData("template check", "vaultflow template check --manifest")]
    [InlineData("local", "vaultflow local up")]
    [InlineData("local up", "vaultflow local up --ports-from 0")]
    [InlineData("demo", "vaultflow demo")]
    [InlineData("", "vaultflow replay --dry-run")]
    public async Task Help_ParentsSubcommandsAndRoot_ShowExamples(string command, string example)
    {
        using var output = new StringWriter();
        var host = new CliHost(new DictionaryEnvironmentVariables(new Dictionary<string, string>()), "/", TextReader.Null, Interactive: false);

        var code = await Program.RunAsync([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"], output, TextWriter.Null, host);

        Assert.Equal(0, code);
        var help = output.ToString();
        var examples = help.IndexOf("Examples:", StringComparison.Ordinal);
        Assert.True(examples >= 0, help);
        Assert.Contains(example, help[examples..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Replay_ExplainsWhyNotStartMessageMoveTask()
    {
        using var output = new StringWriter();
        var host = new CliHost(new DictionaryEnvironmentVariables(new Dictionary<string, string>()), "/", TextReader.Null, Interactive: false);

        await Program.RunAsync(["replay", "--help"], output, TextWriter.Null, host);

        Assert.Contains("StartMessageMoveTask", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownOption_ExitCode2()
    {
        using var error = new StringWriter();
        var host = new CliHost(new DictionaryEnvironmentVariables(new Dictionary<string, string>()), "/", TextReader.Null, Interactive: false);

        var code = await Program.RunAsync(["replay", "--bogus"], TextWriter.Null, error, host);

        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Run_NoStackConfigured_OneLineSayingHowToStartIt()
    {
        using var error = new StringWriter();
        var host = new CliHost(new DictionaryEnvironmentVariables(new Dictionary<string, string> { ["VAULTFLOW_STATE_DIR"] = "/nonexistent-vaultflow-state" }), "/", TextReader.Null, Interactive: false);

        var code = await Program.RunAsync(["dlq"], TextWriter.Null, error, host);

        Assert.Equal(1, code);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("scripts/run-local", line, StringComparison.Ordinal);
    }
}
