using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vaultflow.Lambda.Tests.Process;

namespace Vaultflow.Bench.ColdStart;

/// <summary>Spawns a bootstrap with an event already queued and times spawn -> first response.</summary>
internal static class ColdStartRunner
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public static async Task<double> FirstResponseMsAsync(Variant variant)
    {
        // A fresh Runtime API per run: no event can be taken by a /next left open by a killed process.
        await using var api = await FakeRuntimeApi.StartAsync();
        var id = api.Enqueue("{\"message\":\"cold\"}");
        var started = Stopwatch.GetTimestamp();
        using var process = Start(variant, api.HostAndPort, "Echo");
        try
        {
            var reply = await api.WaitForReplyAsync(id, Wait);
            if (reply.Kind != RuntimeApiReplyKind.Response)
            {
                throw new InvalidOperationException($"{variant.Name}: Echo answered {reply.Kind}: {reply.Body}");
            }

            return Stopwatch.GetElapsedTime(started, reply.ArrivedAtTimestamp).TotalMilliseconds;
        }
        finally
        {
            Stop(process);
        }
    }

    /// <summary>VmHWM (peak resident set, KiB) after a 10-record SQS batch, read while the process waits on /next.</summary>
    public static async Task<long> PeakRssKibAfterBatchAsync(Variant variant)
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var id = api.Enqueue(TenRecordBatch());
        using var process = Start(variant, api.HostAndPort, "SqsBatch");
        try
        {
            var reply = await api.WaitForReplyAsync(id, Wait);
            if (reply.Kind != RuntimeApiReplyKind.Response)
            {
                throw new InvalidOperationException($"{variant.Name}: SqsBatch answered {reply.Kind}: {reply.Body}");
            }

            var status = await File.ReadAllLinesAsync($"/proc/{process.Id}/status");
            var line = status.Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line["VmHWM:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        }
        finally
        {
            Stop(process);
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

    // The bootstrap logs at WARN and above only: anything it prints is worth seeing.
    private static void Forward(string? line)
    {
        if (line is not null)
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

    private static string TenRecordBatch()
    {
        var json = new StringBuilder("{\"Records\":[");
        for (var i = 0; i < 10; i++)
        {
            json.Append(i == 0 ? string.Empty : ",")
                .Append(CultureInfo.InvariantCulture, $"{{\"messageId\":\"m-{i}\",\"receiptHandle\":\"r-{i}\",\"body\":\"{(i % 4 == 0 ? "fail" : "ok")} {new string('x', 1024)}\",")
                .Append("\"attributes\":{\"ApproximateReceiveCount\":\"1\",\"SentTimestamp\":\"1545082649183\"},\"messageAttributes\":{},")
                .Append("\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\"arn:aws:sqs:us-east-1:000000000000:q\",\"awsRegion\":\"us-east-1\"}");
        }

        return json.Append("]}").ToString();
    }
}
