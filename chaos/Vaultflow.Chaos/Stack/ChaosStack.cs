using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vaultflow.Core.Configuration;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.Logging;
using Vaultflow.Local.Stack;

namespace Vaultflow.Chaos.Stack;

/// <summary>
/// The same local stack `vaultflow local up` starts (src/Vaultflow.Local/Stack), in this process, on free
/// ports, against the run's own PostgreSQL cluster, with every component's log captured to files.
/// </summary>
internal sealed class ChaosStack : IAsyncDisposable
{
    private readonly FileStream _functionLogFile;
    private readonly LambdaJsonLoggerProvider _functionLogs;
    private readonly ILoggerFactory _stackLogs;

    private ChaosStack(FileStream functionLogFile, LambdaJsonLoggerProvider functionLogs, ILoggerFactory stackLogs, LocalStack stack)
    {
        _functionLogFile = functionLogFile;
        _functionLogs = functionLogs;
        _stackLogs = stackLogs;
        Stack = stack;
    }

    public LocalStack Stack { get; }

    public LocalStackDescription Description => Stack.Description;

    public string FunctionLogPath => _functionLogFile.Name;

    public static async Task<ChaosStack> StartAsync(ChaosOptions options, string stateDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.LogDirectory);
        var functionLogFile = new FileStream(Path.Combine(options.LogDirectory, "functions.log"), FileMode.Create, FileAccess.Write, FileShare.Read);
        var functionLogs = new LambdaJsonLoggerProvider(new LambdaJsonLoggerOptions(functionLogFile, LogLevel.Information, TimeProvider.System));
        var stackLogs = LoggerFactory.Create(b => b.AddProvider(new FileLoggerProvider(Path.Combine(options.LogDirectory, "stack.log"))).SetMinimumLevel(LogLevel.Information));
        try
        {
            var stack = await LocalStack.StartAsync(
                new LocalStackOptions
                {
                    RepoRoot = options.RepoRoot,
                    StateDirectory = stateDirectory,
                    Database = "vaultflow_chaos",
                    PortsFrom = 0,
                    PostgresConfigPath = options.PostgresConfig,
                    // Longer than a slow Starter batch on a loaded machine (no redelivery while it runs), short
                    // enough that a record left for redelivery comes back within a bounded run.
                    VisibilityTimeoutSeconds = 15,
                    CreateDispatcher = settings => CreateDispatcher(settings, functionLogs),
                    FunctionLogs = functionLogs,
                    LoggerFactory = stackLogs,
                },
                cancellationToken);
            return new ChaosStack(functionLogFile, functionLogs, stackLogs, stack);
        }
        catch
        {
            functionLogs.Dispose();
            stackLogs.Dispose();
            await functionLogFile.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stack.DisposeAsync();
        _functionLogs.Dispose();
        _stackLogs.Dispose();
        await _functionLogFile.DisposeAsync();
    }

    // No data-key cache (the strict-rotation setting): every record's encryption calls KMS, so the 5%
    // KMS throttling hits 5% of the records instead of a handful of cache refills.
    private static ILambdaFunctionDispatcher CreateDispatcher(IReadOnlyDictionary<string, string> settings, LambdaJsonLoggerProvider logs) =>
        Vaultflow.Generated.LambdaFunctions.CreateDispatcher(LocalFunctionServices.Configure(
            new Dictionary<string, string>(settings, StringComparer.Ordinal) { [SettingNames.DataKeyCache] = "false" },
            logs));
}
