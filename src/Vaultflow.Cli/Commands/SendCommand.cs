using System.CommandLine;
using System.Text;
using Spectre.Console;
using Vaultflow.Cli.Commands.Send;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Configuration;

namespace Vaultflow.Cli.Commands;

/// <summary><c>vaultflow send</c>: the producer's tool. Validates every message against the ingest contract before sending any.</summary>
internal static class SendCommand
{
    private const string Examples = """

        Examples:
          vaultflow send events/good/messages.jsonl
          echo '{"type":"order.created","data":{"total":12.5}}' | vaultflow send -
          vaultflow send message.json --key order-42
          vaultflow send --count 1000 --template events/templates/order.json
          vaultflow send mixed.jsonl --skip-invalid --json
          vaultflow send events/poison/duplicate-property.json --raw   # exercise the DLQ path

        Input: one JSON message, a JSON array of messages, or JSON lines. Every message is checked
        against the ingest contract first; if any is malformed, its line number and reason are printed
        and nothing is sent (unless --skip-invalid). Messages go out with SendMessageBatch, 10 at a time.
        Output: one row per message: line, SQS message id.
        """;

    public static Command Create(CliHost host)
    {
        var file = new Argument<string?>("FILE") { Description = "A file of messages, or - for stdin (the default when --template is not given).", Arity = ArgumentArity.ZeroOrOne };
        var key = new Option<string?>("--key") { Description = "Producer idempotency key; several messages get K-1, K-2... (or put {{n}} in K)." };
        var count = new Option<int?>("--count") { Description = "Generate N messages from --template." };
        var template = new Option<string?>("--template") { Description = "A message template with {{n}} (1..N) and {{uuid}} placeholders." };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Send the valid messages and report the malformed ones instead of sending nothing." };
        var queueUrl = new Option<string?>("--queue-url") { Description = "Send here instead of the ingest queue of the configured stack." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var raw = new Option<bool>("--raw") { Description = "Send FILE's content as exactly one message, unvalidated (to test how the pipeline parks poison in the DLQ)." };
        var command = new Command("send", "Send messages to the ingest queue, validated against the ingest contract first." + Examples)
        {
            file, key, count, template, skipInvalid, queueUrl, json, raw,
        };

        CommandRunner.SetStackAction(command, host, parse => async (stack, output, ct) =>
        {
            var options = new SendOptions(parse.GetValue(file), parse.GetValue(key), parse.GetValue(count), parse.GetValue(template), parse.GetValue(skipInvalid), parse.GetValue(queueUrl), parse.GetValue(json), parse.GetValue(raw));
            return await RunAsync(options, host, stack, output, ct).ConfigureAwait(false);
        });
        return command;
    }

    internal sealed record SendOptions(string? File, string? Key, int? Count, string? Template, bool SkipInvalid, string? QueueUrl, bool Json, bool Raw = false);

    internal static async Task<int> RunAsync(SendOptions options, CliHost host, StackConfiguration stack, CommandOutput output, CancellationToken cancellationToken)
    {
        var plan = await BuildPlanAsync(options, host, cancellationToken).ConfigureAwait(false);
        foreach (var problem in plan.Invalid)
        {
            output.Error.WriteLine($"line {problem.Line}: {problem.Reason}: {problem.Message}");
        }

        if (plan.Invalid.Count > 0 && !options.SkipInvalid)
        {
            output.Fail($"{plan.Invalid.Count} of {plan.Invalid.Count + plan.Valid.Count} messages are malformed (lines {string.Join(", ", plan.Invalid.Select(p => p.Line))}); nothing was sent. Fix them, or pass --skip-invalid to send the valid ones.");
            return ExitCodes.Failure;
        }

        if (plan.Valid.Count == 0)
        {
            output.Fail("no valid messages to send: the input holds none. Pass a file of JSON messages (see events/).");
            return ExitCodes.Failure;
        }

        var queue = options.QueueUrl ?? stack.Require(SettingNames.IngestQueueUrl, stack.Settings.IngestQueueUrl, "the ingest queue URL");
        using var sqs = AwsClients.Sqs(stack);
        var sender = new BatchSender(sqs, queue);
        IReadOnlyList<SendOutcome> outcomes;
        if (output.Interactive && !options.Json && plan.Valid.Count > 10)
        {
            outcomes = await output.Console.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("sending", maxValue: plan.Valid.Count);
                return await sender.SendAsync(plan.Valid, done => task.Value = done, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        else
        {
            outcomes = await sender.SendAsync(plan.Valid, null, cancellationToken).ConfigureAwait(false);
        }

        Report(outcomes, plan, options.Json, output);
        var failed = outcomes.Count(o => !o.Sent);
        var sent = outcomes.Count - failed;
        output.Error.WriteLine($"sent {sent} message(s) to {queue}{(failed > 0 ? $"; {failed} failed" : string.Empty)}{(plan.Invalid.Count > 0 ? $"; {plan.Invalid.Count} malformed skipped" : string.Empty)}");
        return failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    internal static async Task<SendPlan> BuildPlanAsync(SendOptions options, CliHost host, CancellationToken cancellationToken)
    {
        if (options.Raw)
        {
            if (options.File is null or "-" || options.Count is not null || options.Template is not null || options.Key is not null)
            {
                throw new UsageException("--raw sends one FILE as is: give a file, and no --count, --template or --key");
            }

            var text = await File.ReadAllTextAsync(Path.GetFullPath(options.File, host.WorkingDirectory), cancellationToken).ConfigureAwait(false);
            return new SendPlan([new SendCandidate(1, text)], []);
        }

        if (options.Count is not null || options.Template is not null)
        {
            if (options.Count is null || options.Template is null)
            {
                throw new UsageException("--count and --template go together: --count N --template FILE");
            }

            if (options.Count is < 1 or > 1_000_000)
            {
                throw new UsageException($"--count is {options.Count}; use 1 to 1000000");
            }

            if (options.File is not null)
            {
                throw new UsageException("give either FILE or --count/--template, not both");
            }

            var template = await File.ReadAllTextAsync(Path.GetFullPath(options.Template, host.WorkingDirectory), cancellationToken).ConfigureAwait(false);
            return ApplyKey(Validate(MessageTemplate.Generate(template, options.Count.Value)), options.Key);
        }

        byte[] input;
        if (options.File is null or "-")
        {
            input = Encoding.UTF8.GetBytes(await host.Input.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
        }
        else
        {
            var path = Path.GetFullPath(options.File, host.WorkingDirectory);
            if (!File.Exists(path))
            {
                throw new UsageException($"the file {options.File} does not exist");
            }

            input = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }

        return ApplyKey(SendInputReader.Read(input), options.Key);
    }

    private static SendPlan Validate(IReadOnlyList<SendCandidate> generated)
    {
        var valid = new List<SendCandidate>();
        var invalid = new List<SendProblem>();
        foreach (var candidate in generated)
        {
            if (SendInputReader.Validate(Encoding.UTF8.GetBytes(candidate.Body)) is { } problem)
            {
                invalid.Add(new SendProblem(candidate.Line, problem.Reason, problem.Message));
            }
            else
            {
                valid.Add(candidate);
            }
        }

        return new SendPlan(valid, invalid);
    }

    private static SendPlan ApplyKey(SendPlan plan, string? key)
    {
        if (key is null)
        {
            return plan;
        }

        var keyed = plan.Valid.Select((c, i) => c with { Body = KeyOverride.Apply(c.Body, KeyOverride.KeyFor(key, i + 1, plan.Valid.Count)) }).ToList();
        var revalidated = Validate(keyed);
        return new SendPlan(revalidated.Valid, [.. plan.Invalid, .. revalidated.Invalid]);
    }

    private static void Report(IReadOnlyList<SendOutcome> outcomes, SendPlan plan, bool json, CommandOutput output)
    {
        if (json)
        {
            output.Json(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("sent");
                foreach (var o in outcomes.Where(o => o.Sent))
                {
                    w.WriteStartObject();
                    w.WriteNumber("line", o.Candidate.Line);
                    w.WriteString("messageId", o.MessageId);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("failed");
                foreach (var o in outcomes.Where(o => !o.Sent))
                {
                    w.WriteStartObject();
                    w.WriteNumber("line", o.Candidate.Line);
                    w.WriteString("error", o.Error);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("invalid");
                foreach (var p in plan.Invalid)
                {
                    w.WriteStartObject();
                    w.WriteNumber("line", p.Line);
                    w.WriteString("reason", p.Reason);
                    w.WriteString("message", p.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return;
        }

        output.Table(
            ["line", "message-id"],
            outcomes.Select(o => (IReadOnlyList<string>)[o.Candidate.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), o.MessageId ?? "FAILED: " + o.Error]));
    }
}
