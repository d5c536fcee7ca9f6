using Microsoft.Extensions.Logging;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Local.Stack;

/// <summary>What <see cref="LocalStack.StartAsync"/> brings up, and where. One options record; every property but the first three has a default.</summary>
public sealed record LocalStackOptions
{
    /// <summary>The checkout (the folder holding Vaultflow.slnx): local/, statemachine/, serverless.template, scripts/lib.</summary>
    public required string RepoRoot { get; init; }

    /// <summary>Where local.json, the KMS key store and the blind-index key live (default &lt;repo&gt;/.vaultflow).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>
    /// Builds the functions' dispatcher with the stack's settings (AWS_REGION, VAULTFLOW_*, AWS_ENDPOINT_URL_*):
    /// typically <c>settings => LambdaFunctions.CreateDispatcher(s => s.AddSingleton&lt;IEnvironmentVariables&gt;(new DictionaryEnvironmentVariables(settings)))</c>.
    /// </summary>
    public required Func<IReadOnlyDictionary<string, string>, ILambdaFunctionDispatcher> CreateDispatcher { get; init; }

    /// <summary>The database to create (if missing) and migrate; tests pass a fresh name.</summary>
    public string Database { get; init; } = "vaultflow";

    /// <summary>Null: the fixed default ports (<see cref="LocalStackPorts.Defaults"/>). N: N..N+3. 0: free ports picked by the OS.</summary>
    public int? PortsFrom { get; init; }

    public string Region { get; init; } = "us-east-1";

    /// <summary>The ingest queue's visibility timeout: how soon a failed record is redelivered locally.</summary>
    public int VisibilityTimeoutSeconds { get; init; } = 10;

    /// <summary>Owner and app connection strings (scripts/setup writes it). Null: &lt;state-dir&gt;/postgres.json when it exists, else &lt;repo&gt;/.vaultflow/postgres.json.</summary>
    public string? PostgresConfigPath { get; init; }

    /// <summary>Bounds each start-up step (a child's ready line, the database, the migrations).</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Where the functions' JSON log lines go; null writes them to stdout.</summary>
    public Vaultflow.Lambda.Logging.LambdaJsonLoggerProvider? FunctionLogs { get; init; }

    internal string PostgresConfig => PostgresConfigPath
        ?? (File.Exists(Path.Combine(StateDirectory, "postgres.json")) ? Path.Combine(StateDirectory, "postgres.json") : Path.Combine(RepoRoot, ".vaultflow", "postgres.json"));
}
