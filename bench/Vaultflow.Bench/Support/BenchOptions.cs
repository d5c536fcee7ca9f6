namespace Vaultflow.Bench.Support;

/// <summary>Command line of the runner (scripts/bench passes these through).</summary>
/// <param name="Quick">A ~2-minute smoke run: smaller samples, 10^6 growth step skipped.</param>
/// <param name="Only">Figure groups to run (kms, crypto, persist, growth, coldstart, e2e); empty = all; "report" = none (re-render latest.json).</param>
/// <param name="ResultsDirectory">Where latest.json, latest.md and the PNGs go.</param>
/// <param name="LocalStateDirectory">The local stack's state dir holding local.json (figures 4, 5, 7-throughput).</param>
/// <param name="StarterFunction">The Starter's function name on the local Lambda Invoke endpoint.</param>
internal sealed record BenchOptions(bool Quick, IReadOnlySet<string> Only, string ResultsDirectory, string RepoRoot, string? LocalStateDirectory, string StarterFunction)
{
    public bool Runs(string group) => Only.Count == 0 || Only.Contains(group);

    public static BenchOptions Parse(string[] args)
    {
        var quick = false;
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var repoRoot = RepoRootLocator.Find();
        string? results = null;
        // Same default as scripts/lib/common.sh: $VAULTFLOW_STATE_DIR, else <repo>/.vaultflow (resolved later).
        var state = Environment.GetEnvironmentVariable("VAULTFLOW_STATE_DIR") is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        var starter = "Starter";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--only":
                    foreach (var group in Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        only.Add(group);
                    }

                    break;
                case "--results":
                    results = Value(args, ref i);
                    break;
                case "--local-state":
                    state = Value(args, ref i);
                    break;
                case "--starter-function":
                    starter = Value(args, ref i);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Use --quick, --only kms,crypto,persist,growth,coldstart,e2e, --results <dir>, --local-state <dir>, --starter-function <name>.");
            }
        }

        return new BenchOptions(quick, only, Path.GetFullPath(results ?? Path.Combine(repoRoot, "bench", "results")), repoRoot, state, starter);
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
