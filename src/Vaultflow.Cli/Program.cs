using System.CommandLine;

namespace Vaultflow.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("vaultflow: event-driven, encrypted ingest on AWS (SQS -> Lambda -> Step Functions -> PostgreSQL).");
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}
