using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Vaultflow.Lambda.Logging;
using Vaultflow.Local.Stack;

namespace Vaultflow.Cli.Local;

/// <summary>Runs the stack until Ctrl-C or SIGTERM, then stops every component and child process.</summary>
internal static class LocalUpRunner
{
    public const string ReadyPrefix = "vaultflow local stack ready";

    public static async Task<int> RunAsync(LocalUpArguments arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Ctrl-C and SIGTERM both mean "stop cleanly": cancel instead of letting the runtime exit at once.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        string root;
        try
        {
            root = RepoLocator.Find();
        }
        catch (LocalStackException e)
        {
            await error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return 1;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("VAULTFLOW_STATE_DIR");
        var stateDirectory = Path.GetFullPath(arguments.StateDirectory
            ?? (string.IsNullOrWhiteSpace(fromEnvironment) ? Path.Combine(root, ".vaultflow") : fromEnvironment));
        // Function logs: Lambda's JSON lines on stdout, as `sam local` shows them; the stack's own lines go to stderr.
        using var functionLogs = new LambdaJsonLoggerProvider(new LambdaJsonLoggerOptions(Console.OpenStandardOutput(), LogLevel.Information, TimeProvider.System));
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new TextWriterLoggerProvider(error)).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning));
        var options = new LocalStackOptions
        {
            RepoRoot = root,
            StateDirectory = stateDirectory,
            Database = arguments.Database,
            PortsFrom = arguments.PortsFrom,
            VisibilityTimeoutSeconds = arguments.VisibilityTimeoutSeconds,
            PostgresConfigPath = Environment.GetEnvironmentVariable("VAULTFLOW_POSTGRES_CONFIG") is { Length: > 0 } pg ? pg : null,
            CreateDispatcher = new FunctionHost(functionLogs).CreateDispatcher,
            FunctionLogs = functionLogs,
            LoggerFactory = loggerFactory,
        };

        LocalStack stack;
        try
        {
            stack = await LocalStack.StartAsync(options, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await error.WriteLineAsync("stopped before the stack was ready.").ConfigureAwait(false);
            return 130;
        }
        catch (Exception e) when (e is LocalStackException or IOException or Npgsql.NpgsqlException or Amazon.Runtime.AmazonServiceException or Vaultflow.Core.Errors.VaultflowException or Aws.StepFunctions.StepFunctionsException or HttpRequestException)
        {
            await error.WriteLineAsync($"error: the local stack did not start: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        var exitCode = 0;
        await using (stack.ConfigureAwait(false))
        {
            await output.WriteLineAsync($"{ReadyPrefix} (state: {stack.DescriptionPath})").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            var stopped = Task.Delay(Timeout.Infinite, stop.Token);
            var finished = await Task.WhenAny(stopped, stack.ChildExited).ConfigureAwait(false);
            if (finished == stopped)
            {
                await error.WriteLineAsync("stopping the local stack...").ConfigureAwait(false);
            }
            else
            {
                exitCode = 1;
                await error.WriteLineAsync($"error: {await stack.ChildExited.ConfigureAwait(false)} Stopping the local stack; start it again (scripts/run-local).").ConfigureAwait(false);
            }
        }

        await error.WriteLineAsync("local stack stopped.").ConfigureAwait(false);
        return exitCode;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
