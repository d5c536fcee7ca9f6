using System.CommandLine;

namespace Vaultflow.Cli.Local;

/// <summary><c>vaultflow local up</c>: the whole workflow on 127.0.0.1 until Ctrl-C / SIGTERM.</summary>
internal static class LocalCommand
{
    private const string UpExamples = """

        Examples:
          scripts/run-local                                   # the same, after building the CLI
          vaultflow local up
          vaultflow local up --ports-from 0 --database vaultflow_dev   # free ports, a database of its own
          vaultflow local up --state-dir /tmp/vf --visibility-timeout 30

        Writes <state-dir>/local.json (endpoints, queue URLs, state machine ARN) for the other commands
        and removes it on exit.
        """;

    private const string LocalExamples = """

        Examples:
          vaultflow local up
          vaultflow local up --ports-from 0
        """;

    public static Command Create()
    {
        var stateDir = new Option<string?>("--state-dir")
        {
            Description = "Where local.json, the local KMS key store and the blind-index key live (default: $VAULTFLOW_STATE_DIR, else <repo>/.vaultflow).",
        };
        var database = new Option<string>("--database")
        {
            Description = "The PostgreSQL database to create (if missing) and migrate.",
            DefaultValueFactory = _ => "vaultflow",
        };
        var portsFrom = new Option<int?>("--ports-from")
        {
            Description = "First of four ports: SQS N, Step Functions N+1, KMS N+2, Lambda N+3; 0 picks free ports. Default: SQS 4576, Step Functions 4585, KMS 4599, Lambda 4574.",
        };
        var visibility = new Option<int>("--visibility-timeout")
        {
            Description = "The ingest queue's visibility timeout in seconds: how soon a failed record is redelivered.",
            DefaultValueFactory = _ => 10,
        };
        var up = new Command("up", "Start PostgreSQL (if needed), SQS, KMS, the Lambda Invoke endpoint with the handlers, Step Functions and the SQS pollers on 127.0.0.1; stop them all on Ctrl-C / SIGTERM." + UpExamples)
        {
            stateDir, database, portsFrom, visibility,
        };
        up.SetAction((parseResult, cancellationToken) => LocalUpRunner.RunAsync(
            new LocalUpArguments(parseResult.GetValue(stateDir), parseResult.GetValue(database)!, parseResult.GetValue(portsFrom), parseResult.GetValue(visibility)),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));

        return new Command("local", "The local stack: the same code as on AWS, against local, wire-compatible endpoints." + LocalExamples) { up };
    }
}

/// <summary>The parsed command line of <c>local up</c>.</summary>
internal sealed record LocalUpArguments(string? StateDirectory, string Database, int? PortsFrom, int VisibilityTimeoutSeconds);
