using System.CommandLine;
using System.Globalization;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Cli.Commands.Redrive;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Cli.Configuration;

namespace Vaultflow.Cli.Commands;

/// <summary>
/// <c>vaultflow redrive NAME_OR_ARN</c>: Step Functions RedriveExecution for one execution, with what it will
/// redrive first and the outcome after. A verb of its own next to <c>replay</c> (both act) rather than an
/// option of <c>execution</c>, which only reads.
/// </summary>
internal static class RedriveCommand
{
    private const string Help = """

        Continues a FAILED, ABORTED or TIMED_OUT execution from the state that did not succeed, with the
        input that state received, under the same execution ARN (Step Functions RedriveExecution): steps
        that succeeded do not run again. The usual case is Vaultflow.DeadLetterRefused (the DLQ refused the
        message; `vaultflow failures --reason dlq-refused` lists them): fix the DLQ, then redrive, and
        RouteFailure parks the message in the DLQ with its reason. Prints what will be redriven, then waits
        for the execution to finish (at most --wait seconds) and prints its status and redrive count.
        An execution that ended in its Fail state (the message already routed) redrives only that state.

        Examples:
          vaultflow redrive order-42-abcdefghijklmnopqrstuvwxyz-r0 --dry-run
          vaultflow redrive order-42-abcdefghijklmnopqrstuvwxyz-r0
          vaultflow redrive arn:aws:states:us-east-1:000000000000:execution:vaultflow-ingest:my-run --json

        Exit codes: 0 redriven and finished past the state it was redriven from (or redriven with --wait 0,
        or --dry-run of a redrivable execution); 1 not redrivable, failed again at that state, or still running after --wait;
        2 usage. Needs states:DescribeExecution, states:GetExecutionHistory and states:RedriveExecution.
        """;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create(CliHost host)
    {
        var target = new Argument<string>("NAME_OR_ARN") { Description = "The execution name (of the configured state machine) or ARN." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be redriven; redrive nothing." };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for the redriven execution to finish (0: do not wait).", DefaultValueFactory = _ => 120 };
        var json = new Option<bool>("--json") { Description = "Print the plan and the outcome as JSON." };
        var command = new Command("redrive", "Redrive a failed execution from the state that failed (after fixing the cause, e.g. the DLQ)." + Help) { target, dryRun, wait, json };
        CommandRunner.SetStackAction(command, host, parse => async (stack, output, ct) =>
        {
            var seconds = parse.GetValue(wait);
            if (seconds < 0)
            {
                throw new UsageException("--wait must be 0 or more seconds");
            }

            var arn = ExecutionArns.Resolve(parse.GetValue(target)!, stack.Settings.StateMachineArn);
            using var sfn = AwsClients.StepFunctions(stack);
            var run = new RedriveRun(sfn, arn, output, parse.GetValue(json));
            return await run.ExecuteAsync(parse.GetValue(dryRun), TimeSpan.FromSeconds(seconds), ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>One redrive: describe, plan, redrive, wait, report.</summary>
    private sealed class RedriveRun(StepFunctionsClient sfn, string arn, CommandOutput output, bool json)
    {
        public async Task<int> ExecuteAsync(bool dryRun, TimeSpan wait, CancellationToken ct)
        {
            DescribeExecutionResponse before;
            try
            {
                before = await sfn.DescribeExecutionAsync(arn, ct).ConfigureAwait(false);
            }
            catch (StepFunctionsException ex) when (ex.ErrorCode == "ExecutionDoesNotExist")
            {
                output.Fail($"execution {arn} does not exist: list executions with `vaultflow executions --status FAILED` or `vaultflow failures`");
                return ExitCodes.Failure;
            }

            var plan = RedrivePlan.From(before, await ExecutionCommand.HistoryAsync(sfn, arn, ct).ConfigureAwait(false));
            var report = new RedriveReport(plan, dryRun);
            if (!json)
            {
                RedriveReport.WritePlan(plan, output);
            }

            if (!plan.Redrivable)
            {
                Finish(report);
                output.Fail($"execution {before.Name} cannot be redriven: {plan.Reason} (see `vaultflow execution {before.Name}`)");
                return ExitCodes.Failure;
            }

            if (plan.FromFailState)
            {
                output.Warn($"{before.Name} ended in its Fail state '{plan.State}' ({before.Error}): a redrive re-runs only that state, which fails again; nothing before it runs");
            }

            if (dryRun)
            {
                Finish(report);
                if (!json)
                {
                    output.Line("dry run: nothing was redriven");
                }

                return ExitCodes.Success;
            }

            try
            {
                report.RedriveDate = (await sfn.RedriveExecutionAsync(new RedriveExecutionRequest(arn), ct).ConfigureAwait(false)).RedriveDate;
            }
            catch (ExecutionNotRedrivableException ex)
            {
                Finish(report);
                output.Fail($"execution {before.Name} cannot be redriven: {ex.Reason} (see `vaultflow execution {before.Name}`)");
                return ExitCodes.Failure;
            }

            if (!json)
            {
                output.Line(string.Create(CultureInfo.InvariantCulture, $"redriven at {report.RedriveDate:u}; waiting up to {wait.TotalSeconds:0} s for it to finish"));
            }

            var after = await WaitAsync(wait, ct).ConfigureAwait(false);
            var history = await ExecutionCommand.HistoryAsync(sfn, arn, ct).ConfigureAwait(false);
            report.After = after;
            report.Ran = RedrivePlan.StatesSinceLastRedrive(history);
            report.StoppedAt = after.Status == "RUNNING" ? null : RedrivePlan.UnsuccessfulState(history).State;
            Finish(report);
            if (after.Status == "RUNNING" && wait == TimeSpan.Zero)
            {
                return ExitCodes.Success;
            }

            if (after.Status == "RUNNING")
            {
                output.Fail($"{after.Name} is still RUNNING after {wait.TotalSeconds:0} s: follow it with `vaultflow execution {after.Name}`");
                return ExitCodes.Failure;
            }

            if (report.FailedAgainAtTheSameState)
            {
                output.Fail($"{after.Name} failed again at {plan.State}: {after.Error}: {after.Cause} (fix the cause, then redrive again)");
                return ExitCodes.Failure;
            }

            return ExitCodes.Success;
        }

        private void Finish(RedriveReport report)
        {
            if (json)
            {
                report.WriteJson(output);
            }
            else if (report.After is { } after)
            {
                report.WriteOutcome(after, output);
            }
        }

        private async Task<DescribeExecutionResponse> WaitAsync(TimeSpan wait, CancellationToken ct)
        {
            var deadline = DateTimeOffset.UtcNow + wait;
            while (true)
            {
                var described = await sfn.DescribeExecutionAsync(arn, ct).ConfigureAwait(false);
                if (described.Status != "RUNNING" || DateTimeOffset.UtcNow >= deadline)
                {
                    return described;
                }

                await Task.Delay(PollInterval, ct).ConfigureAwait(false);
            }
        }
    }
}
