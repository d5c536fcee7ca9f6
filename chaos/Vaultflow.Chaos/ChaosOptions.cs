using System.Globalization;

namespace Vaultflow.Chaos;

/// <summary>What one chaos run does; scripts/chaos fills it from its arguments and the throwaway cluster it made.</summary>
internal sealed record ChaosOptions
{
    public const int DefaultMessages = 10_000;
    public const int QuickMessages = 300;

    public required string RepoRoot { get; init; }

    /// <summary>postgres.json of the cluster the run owns (owner + app connection strings).</summary>
    public required string PostgresConfig { get; init; }

    /// <summary>A script restarting that cluster (pg_ctl restart); null: no restart (a cluster the run does not own).</summary>
    public string? PostgresRestartScript { get; init; }

    /// <summary>The cluster's server log, scanned for plaintext like every other log.</summary>
    public string? PostgresLog { get; init; }

    public int Messages { get; init; } = DefaultMessages;

    public bool Quick { get; init; }

    public int Seed { get; init; } = 20261125;

    /// <summary>Where latest.json and latest.md go.</summary>
    public required string ResultsDirectory { get; init; }

    /// <summary>Where the run's logs (functions, stack, the runner's own) are captured.</summary>
    public required string LogDirectory { get; init; }

    /// <summary>The whole run stops by itself after this (settling, replays and figures included).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(14);

    /// <summary>How long PostgreSQL stays down in its one restart (stop, wait, start): longer than the steps' retry budgets.</summary>
    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>How many times the DLQ is replayed in a row after the run settled.</summary>
    public int ReplayRounds { get; init; } = 10;

    public static ChaosOptions Parse(IReadOnlyList<string> args)
    {
        string? repo = null, pgConfig = null, restart = null, pgLog = null, results = null, logs = null;
        int? messages = null, seed = null, budget = null, outage = null;
        var quick = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--messages": messages = PositiveInt(Value(), "--messages"); break;
                case "--seed": seed = PositiveInt(Value(), "--seed"); break;
                case "--budget-seconds": budget = PositiveInt(Value(), "--budget-seconds"); break;
                case "--outage-seconds": outage = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : throw new ArgumentException("--outage-seconds needs a whole number of seconds (0 or more)."); break;
                case "--repo": repo = Value(); break;
                case "--postgres-config": pgConfig = Value(); break;
                case "--postgres-restart": restart = Value(); break;
                case "--postgres-log": pgLog = Value(); break;
                case "--results": results = Value(); break;
                case "--logs": logs = Value(); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}' (see scripts/chaos --help).");
            }
        }

        repo ??= Directory.GetCurrentDirectory();
        var count = messages ?? (quick ? QuickMessages : DefaultMessages);
        if (count < 40)
        {
            throw new ArgumentException($"--messages {count} is too few for the mix (10% exact duplicates, 5% key duplicates, 5% poison): use 40 or more.");
        }

        return new ChaosOptions
        {
            RepoRoot = Path.GetFullPath(repo),
            PostgresConfig = pgConfig ?? throw new ArgumentException("--postgres-config is required: scripts/chaos creates a throwaway cluster and passes its postgres.json."),
            PostgresRestartScript = restart,
            PostgresLog = pgLog,
            Messages = count,
            Quick = quick,
            Seed = seed ?? 20261125,
            ResultsDirectory = Path.GetFullPath(results ?? Path.Combine(repo, "chaos", "results")),
            LogDirectory = Path.GetFullPath(logs ?? Path.Combine(repo, "artifacts", "chaos")),
            Budget = TimeSpan.FromSeconds(budget ?? (quick ? 170 : 14 * 60)),
            Outage = TimeSpan.FromSeconds(outage ?? 45),
        };
    }

    private static int PositiveInt(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} '{text}' is not a positive whole number.");
}
