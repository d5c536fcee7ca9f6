using Vaultflow.Chaos;
using Vaultflow.Chaos.Figures;
using Vaultflow.Chaos.Run;

// scripts/chaos runs this; see chaos/README.md. Exit 0: nothing lost, no duplicate row, no plaintext; 1: a figure failed; 2: bad arguments or the run broke.
ChaosOptions options;
try
{
    options = ChaosOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync("error: " + e.Message);
    return 2;
}

using var stop = new CancellationTokenSource(options.Budget + TimeSpan.FromMinutes(2));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var started = DateTimeOffset.UtcNow;
Task Say(string line)
{
    Console.WriteLine($"[{(DateTimeOffset.UtcNow - started).TotalSeconds,6:0.0}s] {line}");
    return Task.CompletedTask;
}

ChaosFigures figures;
try
{
    figures = await new ChaosRun(options, Say).RunAsync(stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("error: the chaos run hit its hard deadline before it could count; nothing was written.");
    return 2;
}

ResultsWriter.Write(options.ResultsDirectory, figures, options.Messages, options.Quick);
Console.WriteLine();
Console.WriteLine(ResultsWriter.Markdown(figures, options.Messages, options.Quick));
Console.WriteLine($"results: {Path.Combine(options.ResultsDirectory, "latest.json")} and latest.md; logs: {options.LogDirectory}");
return figures.Passed ? 0 : 1;
