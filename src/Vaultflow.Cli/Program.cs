using System.CommandLine;
using Vaultflow.Cli.Commands;
using Vaultflow.Cli.Configuration;
using Vaultflow.Cli.Template;

namespace Vaultflow.Cli;

internal static class Program
{
    /// <summary>Exit code for a command line that does not parse (unknown command, missing option).</summary>
    public const int UsageExitCode = 2;

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => RunAsync(args, output, error, CliHost.FromProcess());

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CliHost host)
    {
        var root = new RootCommand("vaultflow: event-driven, encrypted ingest on AWS (SQS -> Lambda -> Step Functions -> PostgreSQL).");
        root.Subcommands.Add(TemplateCommand.Create());
        root.Subcommands.Add(Local.LocalCommand.Create());
        root.Subcommands.Add(SendCommand.Create(host));
        root.Subcommands.Add(ReplayCommand.Create(host));
        root.Subcommands.Add(DlqCommand.Create(host));
        root.Subcommands.Add(ExecutionsCommand.Create(host));
        root.Subcommands.Add(ExecutionCommand.Create(host));
        root.Subcommands.Add(MigrateCommand.Create(host));
        root.Subcommands.Add(GetCommand.Create(host));
        root.Subcommands.Add(DemoCommand.Create(host));

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync(parseError.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'vaultflow --help' for usage.").ConfigureAwait(false);
            return UsageExitCode;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
    }
}
