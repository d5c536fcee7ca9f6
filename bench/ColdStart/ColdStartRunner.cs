using System.Diagnostics;
using System.Globalization;
using Vaultflow.Lambda.Tests.Process;

namespace Vaultflow.Bench.ColdStart;

/// <summary>Spawns a bootstrap with an event already queued and times spawn -> first reply; reads peak RSS after a batch.</summary>
internal static class ColdStartRunner
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>Milliseconds from the spawn to the first reply (a /response or an /error POST, as <paramref name="scenario"/> expects).</summary>
    public static async Task<double> FirstReplyMsAsync(Scenario scenario, Variant variant)
    {
        // A fresh Runtime API per run: no event can be taken by a /next left open by a killed process.
        await using var api = await FakeRuntimeApi.StartAsync();
        var id = api.Enqueue(scenario.FirstEvent);
        var started = Stopwatch.GetTimestamp();
        using var process = Start(variant, api.HostAndPort, scenario.Handler);
        try
        {
            var reply = await api.WaitForReplyAsync(id, Wait);
            Expect(reply, scenario.FirstReply, $"{scenario.Key}/{variant.Name}: {scenario.Handler}");
            if (!reply.Body.Contains(scenario.FirstReplyContains, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{scenario.Key}/{variant.Name}: the reply lacks '{scenario.FirstReplyContains}': {reply.Body}");
            }

            return Stopwatch.GetElapsedTime(started, reply.ArrivedAtTimestamp).TotalMilliseconds;
        }
        finally
        {
            Stop(process);
        }
    }

    /// <summary>VmHWM (peak resident set, KiB) after the scenario's 10-record SQS batch, read while the process waits on /next.</summary>
    public static async Task<long> PeakRssKibAfterBatchAsync(Scenario scenario, Variant variant)
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var id = api.Enqueue(scenario.Batch!);
        using var process = Start(variant, api.HostAndPort, scenario.BatchHandler!);
        try
        {
            var reply = await api.WaitForReplyAsync(id, Wait);
            Expect(reply, RuntimeApiReplyKind.Response, $"{scenario.Key}/{variant.Name}: {scenario.BatchHandler} batch");
            var status = await File.ReadAllLinesAsync($"/proc/{process.Id}/status");
            var line = status.Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line["VmHWM:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        }
        finally
        {
            Stop(process);
        }
    }

    private static void Expect(RuntimeApiReply reply, RuntimeApiReplyKind expected, string what)
    {
        if (reply.Kind != expected)
        {
            throw new InvalidOperationException($"{what} answered {reply.Kind}, expected {expected}: {reply.Body}");
        }
    }

    private static Process Start(Variant variant, string runtimeApi, string handler)
    {
        var process = Process.Start(variant.StartInfo(runtimeApi, handler))!;
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // The bootstraps log at WARN and above only: anything they print is worth seeing, except the
    // Starter's metric lines (EMF, one per invocation) and the ERROR line every expected function
    // error logs (the GetRecord row asks for one).
    private static void Forward(string? line)
    {
        if (line is not null
            && !line.StartsWith("{\"_aws\":", StringComparison.Ordinal)
            && !line.Contains("\"ErrorType\":\"Vaultflow.InvalidMessage\"", StringComparison.Ordinal))
        {
            Console.Error.WriteLine(line);
        }
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }
}
