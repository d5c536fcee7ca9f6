using System.CommandLine;
using Vaultflow.Cli.Commands.Demo;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Cli.Configuration;
using Vaultflow.Cli.Local;

namespace Vaultflow.Cli.Commands;

/// <summary><c>vaultflow demo</c>: the samples from events/ through the whole workflow, with a table of where each one went.</summary>
internal static class DemoCommand
{
    private const string Help = """

        Uses the running local stack (<state-dir>/local.json), or starts one (vaultflow local up, output in
        <state-dir>/local-up.log) and stops it at the end unless --keep-running. Then:
          1. sends events/good, events/duplicates (exact and producer-keyed) and every events/poison file
             SQS can carry, as is, to the ingest queue; starts one console-style execution
             (events/console/with-key.json) through Step Functions directly; parks one letter straight in
             the DLQ at the replay limit (events/dlq/at-replay-limit.json, vf-replay-count set to
             VAULTFLOW_MAX_REPLAYS). Producer keys get a per-run suffix, so the demo can run again
             against the same database;
          2. waits (bounded by --timeout) until each has an outcome: persisted (a row in records),
             duplicate (no second row), or DLQ with its reason (peeked, not consumed);
          3. replays the whole DLQ once (vaultflow replay, through the recursion guard): the poison
             fails again and comes back with vf-replay-count 1; older letters count up to the limit;
             the letter at the limit is refused (recursion-guard) and stays in the DLQ;
          4. decrypts one record through vaultflow get's path.

        Examples:
          scripts/run-local --demo
          vaultflow demo --keep-running        # then: vaultflow get ID, vaultflow dlq, ...
          vaultflow demo --ports-from 0 --database vaultflow_demo   # a stack of its own on free ports
          vaultflow demo --json | jq '.messages[] | {source, outcome, reason}'

        Exit codes: 0 every outcome matches the samples (a poison file's name starts with its reason);
        1 otherwise, with the cause on stderr; 2 usage.
        """;

    public static Command Create(CliHost host)
    {
        var json = new Option<bool>("--json") { Description = "Print the outcomes, the replay and the decrypted record as one JSON document." };
        var keepRunning = new Option<bool>("--keep-running") { Description = "Leave a stack the demo started running (local.json stays for the other commands)." };
        var portsFrom = new Option<int?>("--ports-from") { Description = "When the demo starts the stack: its first port (as `local up --ports-from`; 0 picks free ports)." };
        var database = new Option<string?>("--database") { Description = "When the demo starts the stack: the database to create and migrate (as `local up --database`)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the stack to be ready, and for the outcomes.", DefaultValueFactory = _ => 120 };
        var command = new Command("demo", "Run the samples from events/ through the local stack and show where each one went." + Help) { json, keepRunning, timeout, portsFrom, database };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, host, async (output, ct) =>
        {
            var seconds = parse.GetValue(timeout);
            if (seconds is < 1 or > 3600)
            {
                throw new UsageException($"--timeout is {seconds}; use 1 to 3600 seconds");
            }

            try
            {
                var launch = new DemoLaunch(parse.GetValue(portsFrom), parse.GetValue(database));
                return await RunAsync(host, parse.GetValue(json), parse.GetValue(keepRunning), seconds, launch, output, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DemoFailedException or Vaultflow.Local.Stack.LocalStackException or InvalidDataException)
            {
                output.Fail(ex.Message);
                return ExitCodes.Failure;
            }
        }, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliHost host, bool json, bool keepRunning, int seconds, DemoLaunch launch, CommandOutput output, CancellationToken ct)
    {
        var events = Path.Combine(RepoLocator.Find(), "events");
        var options = new DemoOptions(json, keepRunning, TimeSpan.FromSeconds(seconds), events);
        await using var stack = await DemoStack.OpenAsync(host, options.KeepRunning, options.Timeout, launch, output, ct).ConfigureAwait(false);
        var result = await ErrorContext.RunAsync(stack.Configuration, async () =>
        {
            var r = await new DemoRunner(stack.Configuration, options, output).RunAsync(ct).ConfigureAwait(false);
            if (options.Json)
            {
                DemoReport.WriteJson(r, stack.StateDirectory, stack.ProcessId, output);
            }
            else
            {
                DemoReport.WriteText(r, output);
            }

            if (r.Cause is { } cause)
            {
                output.Fail("the demo's outcomes do not match the samples: " + cause);
                return ExitCodes.Failure;
            }

            return ExitCodes.Success;
        }).ConfigureAwait(false);
        if (stack.ProcessId is { } pid && options.KeepRunning)
        {
            output.Error.WriteLine($"the local stack keeps running (state: {stack.StateDirectory}); stop it with: kill {pid}");
        }

        return result;
    }
}
