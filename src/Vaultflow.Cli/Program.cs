using System.CommandLine;
using Vaultflow.Cli.Commands;
using Vaultflow.Cli.Configuration;
using Vaultflow.Cli.Template;

namespace Vaultflow.Cli;

internal static class Program
{
    private const string Examples = """

        Every command finds the stack through <state-dir>/local.json (written by `vaultflow local up`), else
        the standard AWS variables and the VAULTFLOW_* settings. `vaultflow COMMAND --help` for more.

        Examples:
          vaultflow demo                                    # the samples through the local stack (scripts/run-local --demo)
          vaultflow local up                                # the local stack until Ctrl-C (scripts/run-local)
          vaultflow send events/good/messages.jsonl
          vaultflow dlq
          vaultflow replay --dry-run
          vaultflow get --search email=ada@example.com
          vaultflow executions --status FAILED
          vaultflow failures --reason dlq-refused
          vaultflow redrive <execution-name> --dry-run
          vaultflow reindex --dry-run                       # after a blind-index key rotation

        Exit codes: 0 success; 1 failure (one line on stderr: the cause and what to do); 2 usage.
        """;

    /// <summary>Exit code for a command line that does not parse (unknown command, missing option).</summary>
    public const int UsageExitCode = 2;

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => RunAsync(args, output, error, CliHost.FromProcess());

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CliHost host)
    {
        var root = new RootCommand("vaultflow: event-driven, encrypted ingest on AWS (SQS -> Lambda -> Step Functions -> PostgreSQL)." + Examples);
        root.Subcommands.Add(TemplateCommand.Create());
        root.Subcommands.Add(Local.LocalCommand.Create());
        root.Subcommands.Add(SendCommand.Create(host));
        root.Subcommands.Add(ReplayCommand.Create(host));
        root.Subcommands.Add(DlqCommand.Create(host));
        root.Subcommands.Add(ExecutionsCommand.Create(host));
        root.Subcommands.Add(ExecutionCommand.Create(host));
        root.Subcommands.Add(RedriveCommand.Create(host));
        root.Subcommands.Add(FailuresCommand.Create(host));
        root.Subcommands.Add(MigrateCommand.Create(host));
        root.Subcommands.Add(ReindexCommand.Create(host));
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
