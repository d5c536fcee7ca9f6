using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Configuration;

namespace Vaultflow.Cli.Tests.Commands;

public sealed class ReindexHelpTests
{
    [Fact]
    public async Task Help_Reindex_ShowsExamplesAndSaysItRunsAsTheOwner()
    {
        using var output = new StringWriter();
        var host = new CliHost(new DictionaryEnvironmentVariables(new Dictionary<string, string>()), "/", TextReader.Null, Interactive: false);

        var code = await Program.RunAsync(["reindex", "--help"], output, TextWriter.Null, host);

        var help = output.ToString();
        Assert.Equal(0, code);
        Assert.Contains("Examples:", help, StringComparison.Ordinal);
        Assert.Contains("vaultflow reindex --dry-run", help, StringComparison.Ordinal);
        Assert.Contains("OWNER", help, StringComparison.Ordinal);
        Assert.Contains("--batch-size", help, StringComparison.Ordinal);
        Assert.Contains("--max", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ReindexBatchSizeNotANumber_ExitCode2()
    {
        using var error = new StringWriter();
        var host = new CliHost(new DictionaryEnvironmentVariables(new Dictionary<string, string>()), "/", TextReader.Null, Interactive: false);

        var code = await Program.RunAsync(["reindex", "--batch-size", "many"], TextWriter.Null, error, host);

        Assert.Equal(2, code);
    }
}
