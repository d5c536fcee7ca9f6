using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vaultflow.Cli.Tests;

/// <summary>
/// The real serverless.template against the real handlers assembly: `template check` fails on any drift
/// between the functions' attributes and the template, and the state machine's substitutions match the ASL.
/// </summary>
public sealed partial class HandlersTemplateDriftTests
{
    private static readonly string Root = FindRoot();
    private static readonly string TemplatePath = Path.Combine(Root, "serverless.template");
    private static readonly string HandlersDll = typeof(HandlersTemplateDriftTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "HandlersDll").Value!;

    [Fact]
    public async Task Check_RepositoryTemplate_InSyncWithHandlers()
    {
        var check = await Run("template", "check", "--template", TemplatePath, "--manifest", HandlersDll);

        Assert.True(check.ExitCode == 0, $"serverless.template drifted from the handlers' attributes; run `vaultflow template sync --manifest {HandlersDll}`.\n{check.Error}{check.Output}");
    }

    [Fact]
    public async Task Check_TemplateWithEditedFunction_FailsNamingTheField()
    {
        var directory = Directory.CreateTempSubdirectory("vaultflow-drift-").FullName;
        try
        {
            var copy = Path.Combine(directory, "serverless.template");
            var template = JsonNode.Parse(await File.ReadAllTextAsync(TemplatePath))!;
            template["Resources"]!["EncryptFunction"]!["Properties"]!["Timeout"] = 900;
            await File.WriteAllTextAsync(copy, template.ToJsonString());

            var check = await Run("template", "check", "--template", copy, "--manifest", HandlersDll);

            Assert.Equal(1, check.ExitCode);
            Assert.Contains("Resources.EncryptFunction.Properties.Timeout", check.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Template_StateMachineSubstitutions_MatchTheAslPlaceholders()
    {
        var template = JsonNode.Parse(await File.ReadAllTextAsync(TemplatePath))!;
        var machine = template["Resources"]!["IngestStateMachine"]!["Properties"]!;
        var asl = await File.ReadAllTextAsync(Path.Combine(Root, machine["DefinitionS3Location"]!.GetValue<string>()));

        var placeholders = Placeholder().Matches(asl).Select(m => m.Groups[1].Value).Distinct().Order();
        var substitutions = machine["DefinitionSubstitutions"]!.AsObject().Select(p => p.Key).Order();

        Assert.Equal(placeholders, substitutions);
        Assert.Equal("STANDARD", machine["StateMachineType"]!.GetValue<string>());
        foreach (var (name, resource) in template["Resources"]!.AsObject())
        {
            if (resource!["Type"]!.GetValue<string>() == "AWS::Serverless::Function")
            {
                Assert.True(resource["Properties"]!["RecursiveLoop"]?.GetValue<string>() == "Terminate", $"{name} must set RecursiveLoop: Terminate");
            }
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Program.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vaultflow.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Vaultflow.slnx not found above the test binaries; run the tests from a checkout.");
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholder();
}
