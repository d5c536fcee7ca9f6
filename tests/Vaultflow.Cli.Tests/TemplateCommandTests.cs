using System.Text.Json.Nodes;
using Vaultflow.Cli.Template;
using Vaultflow.Generated;

namespace Vaultflow.Cli.Tests;

/// <summary>
/// `vaultflow template sync|check` through the real command line (parse, handler, exit code), on files in
/// a private temporary directory, with the manifest read from the generator-built sample assembly.
/// </summary>
public sealed class TemplateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vaultflow-template-").FullName;
    private readonly string _manifest = typeof(LambdaFunctions).Assembly.Location;

    private string TemplatePath => Path.Combine(_directory, "serverless.template");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Sync_MissingTemplate_CreatesItAndCheckPasses()
    {
        var sync = await Run("template", "sync", "--template", TemplatePath, "--manifest", _manifest);
        var check = await Run("template", "check", "--template", TemplatePath, "--manifest", _manifest);

        Assert.Equal(0, sync.ExitCode);
        Assert.Equal(0, check.ExitCode);
        var resources = JsonNode.Parse(File.ReadAllText(TemplatePath))!["Resources"]!.AsObject();
        Assert.Equal(["AddFunction", "GreeterFunction", "PingFunction", "StarterFunction"], resources.Select(r => r.Key));
    }

    [Fact]
    public async Task Sync_SecondRun_LeavesFileByteIdentical()
    {
        await Run("template", "sync", "--template", TemplatePath, "--manifest", _manifest);
        var first = await File.ReadAllBytesAsync(TemplatePath);
        var stamp = File.GetLastWriteTimeUtc(TemplatePath);

        var second = await Run("template", "sync", "--template", TemplatePath, "--manifest", _manifest);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("nothing to write", second.Output, StringComparison.Ordinal);
        Assert.Equal(first, await File.ReadAllBytesAsync(TemplatePath));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(TemplatePath));
    }

    [Fact]
    public async Task Check_HandEditedMemorySize_ExitsOneNamingTheField()
    {
        await Run("template", "sync", "--template", TemplatePath, "--manifest", _manifest);
        var template = TemplateFile.Read(TemplatePath);
        template["Resources"]!["StarterFunction"]!["Properties"]!["MemorySize"] = 1024;
        TemplateFile.Write(TemplatePath, template);

        var check = await Run("template", "check", "--template", TemplatePath, "--manifest", _manifest);

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("Resources.StarterFunction.Properties.MemorySize: expected 256, found 1024", check.Error, StringComparison.Ordinal);
        Assert.Equal(1024, TemplateFile.Read(TemplatePath)["Resources"]!["StarterFunction"]!["Properties"]!["MemorySize"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sync_ForeignResource_ExitsOneAndDoesNotWrite()
    {
        const string Foreign = """{"Resources":{"StarterFunction":{"Type":"AWS::Serverless::Function","Properties":{"Handler":"hand-written"}}}}""";
        await File.WriteAllTextAsync(TemplatePath, Foreign);

        var sync = await Run("template", "sync", "--template", TemplatePath, "--manifest", _manifest);

        Assert.Equal(1, sync.ExitCode);
        Assert.Contains("written by hand", sync.Error, StringComparison.Ordinal);
        Assert.Equal(Foreign, await File.ReadAllTextAsync(TemplatePath));
    }

    [Fact]
    public async Task Sync_ManifestJsonFile_IsAcceptedLikeTheAssembly()
    {
        var manifestPath = Path.Combine(_directory, "manifest.json");
        await File.WriteAllTextAsync(manifestPath, LambdaFunctions.ManifestJson);

        var sync = await Run("template", "sync", "--template", TemplatePath, "--manifest", manifestPath);
        var check = await Run("template", "check", "--template", TemplatePath, "--manifest", _manifest);

        Assert.Equal(0, sync.ExitCode);
        Assert.Equal(0, check.ExitCode);
    }

    [Fact]
    public async Task Check_MissingTemplate_ExitsOne()
    {
        var check = await Run("template", "check", "--template", TemplatePath, "--manifest", _manifest);

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("not found", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingManifestFile_ExitsOneSayingWhatToPass()
    {
        var check = await Run("template", "check", "--template", TemplatePath, "--manifest", Path.Combine(_directory, "nope.dll"));

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("--manifest", check.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("template", "check")]
    [InlineData("template")]
    [InlineData("template", "sync", "--manifest")]
    [InlineData("template", "frobnicate")]
    public async Task Run_BadCommandLine_ExitsTwo(params string[] args)
    {
        var result = await Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public void ManifestReader_SampleAssembly_ReadsGeneratedConstantWithoutLoading()
    {
        var functions = ManifestReader.Read(_manifest);

        Assert.Equal(LambdaFunctions.Manifest.Select(f => f.Name), functions.Select(f => f.Name));
        Assert.Equal("@IngestQueue", functions.Single(f => f.Name == "Starter").SqsEvent!.Queue);
    }

    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Program.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
