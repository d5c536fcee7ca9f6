using System.CommandLine;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.SQS.Model;
using Npgsql;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Errors;

namespace Vaultflow.Cli.Commands.Support;

/// <summary>
/// Runs a command body and turns every failure into one line on stderr with the cause and what to do,
/// and an exit code: 2 for usage, 1 for everything else. Stack traces are never shown.
/// </summary>
internal static class CommandRunner
{
    public delegate Task<int> Body(CommandOutput output, CancellationToken cancellationToken);

    public delegate Task<int> StackBody(StackConfiguration stack, CommandOutput output, CancellationToken cancellationToken);

    /// <summary>Sets <paramref name="command"/>'s action to run <paramref name="body"/> with a resolved stack.</summary>
    public static void SetStackAction(Command command, CliHost host, Func<ParseResult, StackBody> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, host, (output, ct) =>
        {
            var stack = StackResolver.Resolve(host);
            return ErrorContext.RunAsync(stack, () => body(parseResult)(stack, output, ct));
        }, cancellationToken));
    }

    public static async Task<int> RunAsync(ParseResult parseResult, CliHost host, Body body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(body);
        var output = new CommandOutput(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, host.Interactive);
        try
        {
            return await body(output, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            output.Fail(ex.Message + " (run with --help for usage)");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (Describe(ex) is { } message)
        {
            output.Fail(message);
            return ExitCodes.Failure;
        }
    }

    /// <summary>The one-line description of a failure; null for bugs, which propagate.</summary>
    internal static string? Describe(Exception ex) => ex switch
    {
        StackUnreachableException unreachable => unreachable.Message,
        VaultflowException vaultflow => vaultflow.Message,
        QueueDoesNotExistException queue => $"the queue does not exist ({queue.Message}): check the queue URL, or restart the local stack with scripts/run-local",
        AmazonServiceException service => $"{service.ErrorCode ?? "AWS error"}: {service.Message}",
        StepFunctionsException sfn => $"{sfn.Message}",
        NpgsqlException db => $"PostgreSQL error: {db.Message}. Check the connection string (and that scripts/setup started the cluster).",
        OperationCanceledException => "cancelled",
        IOException io => io.Message,
        UnauthorizedAccessException access => access.Message,
        _ => null,
    };

    /// <summary>True when the failure means nothing answered at the endpoint (connection refused, DNS, reset).</summary>
    internal static bool IsUnreachable(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException || e is StepFunctionsException { ErrorCode: "NetworkError" })
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Nothing answered at a configured endpoint.</summary>
internal sealed class StackUnreachableException(string message, Exception inner) : Exception(message, inner);

/// <summary>Turns "connection refused" into the stack-specific hint (local: start scripts/run-local).</summary>
internal static class ErrorContext
{
    public static async Task<int> RunAsync(StackConfiguration stack, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (CommandRunner.IsUnreachable(ex) && ex is not StackUnreachableException)
        {
            throw new StackUnreachableException($"could not reach the stack's endpoints ({Root(ex)}): {stack.UnreachableHint}", ex);
        }
    }

    private static string Root(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message;
    }
}
