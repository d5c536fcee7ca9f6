using System.CommandLine;

namespace Vaultflow.Cli.Template;

/// <summary><c>vaultflow template sync|check</c>: keep serverless.template's function resources in step with the generated manifest.</summary>
internal static class TemplateCommand
{
    private const string Manifest = "handlers/bin/Release/net10.0/Vaultflow.Handlers.dll";

    private const string Examples = $$"""

        Examples:
          vaultflow template check --manifest {{Manifest}}
          vaultflow template sync --manifest {{Manifest}}
        """;

    private const string SyncExamples = $$"""

        Examples:
          vaultflow template sync --manifest {{Manifest}}
          vaultflow template sync --manifest manifest.json --template my.template --code-uri s3://bucket/handlers.zip

        Exit codes: 0 written (or already in step); 1 conflicts (nothing written) or unreadable input; 2 usage.
        """;

    private const string CheckExamples = $$"""

        Examples:
          vaultflow template check --manifest {{Manifest}}     # in CI, after dotnet build
          vaultflow template check --manifest manifest.json --template my.template

        Exit codes: 0 in step; 1 drift (every drifted field listed) or unreadable input; 2 usage.
        """;

    public static Command Create()
    {
        var command = new Command("template", "Keep serverless.template's function resources in step with the handlers' [LambdaFunction] attributes." + Examples);
        command.Subcommands.Add(Subcommand("sync", "Write the function resources the manifest describes (only resources marked as owned by template sync)." + SyncExamples, write: true));
        command.Subcommands.Add(Subcommand("check", "Fail (exit 1) listing every drifted field when the template differs from the manifest." + CheckExamples, write: false));
        return command;
    }

    private static Command Subcommand(string name, string description, bool write)
    {
        var template = new Option<string>("--template")
        {
            Description = "The SAM template (JSON).",
            DefaultValueFactory = _ => TemplateSyncOptions.DefaultTemplatePath,
        };
        var manifest = new Option<string>("--manifest")
        {
            Description = "The function manifest: the handlers assembly (.dll, its generated LambdaFunctions.ManifestJson is read without loading it) or a manifest .json file.",
            Required = true,
        };
        var codeUri = new Option<string>("--code-uri")
        {
            Description = "CodeUri for every owned function (the bootstrap zip).",
            DefaultValueFactory = _ => TemplateSyncOptions.DefaultCodeUri,
        };
        var command = new Command(name, description) { template, manifest, codeUri };
        command.SetAction(parseResult =>
        {
            var options = new TemplateSyncOptions(parseResult.GetValue(template)!, parseResult.GetValue(manifest)!, parseResult.GetValue(codeUri)!);
            return TemplateRunner.Run(write, options, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
        });
        return command;
    }
}
