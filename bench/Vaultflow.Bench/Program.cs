using Vaultflow.Bench;
using Vaultflow.Bench.Support;

return await BenchRunner.RunAsync(BenchOptions.Parse(args));
