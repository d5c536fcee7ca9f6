using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Npgsql;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Bench.Results;

namespace Vaultflow.Bench.Figures.EndToEnd;

/// <summary>End-to-end latencies of one run, for the latency chart.</summary>
internal sealed record EndToEndLatencies(double P50Ms, double P95Ms, double P99Ms);

/// <summary>
/// Figures 4, 5 and 7b against a running local stack (its local.json): the Starter's batch of 10 vs
/// one StartExecution round trip; messages/s from SQS send to persisted row (p50/p95/p99 send->row
/// latency) vs fauxqs's own send+receive+delete throughput in the same run; and end-to-end
/// throughput at 1, 2, 4, 8 concurrent Starter invocations. Reports "not measured" with the reason
/// when the stack is not there or a step fails.
/// </summary>
internal static class EndToEndFigure
{
    public static readonly FigureSpec Starter = new(
        "4", "Starter: one SQS batch of 10 records vs one StartExecution round trip (local endpoints)", "ms", "one StartExecution", HigherIsBetter: false, Goal.RatioAtLeast(0.5));

    public static readonly FigureSpec Throughput = new(
        "5", "End to end on the local stack: SQS send -> persisted row", "msg/s", "fauxqs send+receive+delete", HigherIsBetter: true, Goal.RatioAtLeast(0.25));

    public static readonly FigureSpec Concurrency = new(
        "7b", "End-to-end throughput at 8 concurrent Starter invocations vs 1", "records/s", "1 Starter invocation at a time", HigherIsBetter: true, Goal.RatioAtLeast(1.0));

    private static readonly AWSCredentials Credentials = new BasicAWSCredentials("AKIDVAULTFLOWBENCH", "vaultflow-bench-secret");

    public static async Task<(IReadOnlyList<Figure> Figures, EndToEndLatencies? Latencies, IReadOnlyList<(int Concurrency, double RecordsPerSecond)> Scaling)> RunAsync(
        string? stateDirectory, string repoRoot, string starterFunction, bool quick, RunContext run, Action<string> log)
    {
        var (stack, reason) = LocalStackInfo.TryLoad(stateDirectory, repoRoot);
        if (stack is null || !await IsUpAsync(stack.SqsEndpoint))
        {
            reason ??= $"not measured: local stack not available (local.json exists but nothing answers at {stack?.SqsEndpoint}).";
            log("  " + reason);
            return ([FigureFactory.NotMeasured(Starter, run, reason), FigureFactory.NotMeasured(Throughput, run, reason), FigureFactory.NotMeasured(Concurrency, run, reason)], null, []);
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        await using var database = NpgsqlDataSource.Create(stack.Postgres);
        var figures = new List<Figure>();
        figures.Add(await Guard(Starter, run, log, () => MeasureStarterAsync(stack, http, starterFunction, quick, run)));
        EndToEndLatencies? latencies = null;
        figures.Add(await Guard(Throughput, run, log, async () =>
        {
            var (figure, measured) = await MeasureThroughputAsync(stack, database, quick, run);
            latencies = measured;
            return figure;
        }));
        var scaling = new List<(int, double)>();
        figures.Add(await Guard(Concurrency, run, log, () => MeasureConcurrencyAsync(stack, http, database, starterFunction, quick, run, scaling)));
        return (figures, latencies, scaling);
    }

    private static async Task<Figure> Guard(FigureSpec spec, RunContext run, Action<string> log, Func<Task<Figure>> measure)
    {
        try
        {
            var figure = await measure();
            log($"  {spec.Id}: {figure.Value:0.##} {spec.Unit} vs {figure.Baseline:0.##} (ratio {figure.Ratio:0.###})");
            return figure;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or AmazonServiceException or TimeoutException or NpgsqlException or StepFunctionsException or TaskCanceledException)
        {
            log($"  {spec.Id}: not measured: {e.Message}");
            return FigureFactory.NotMeasured(spec, run, "not measured: " + e.Message);
        }
    }

    private static async Task<Figure> MeasureStarterAsync(LocalStackInfo stack, HttpClient http, string function, bool quick, RunContext run)
    {
        var starter = new StarterInvoker(http, stack, function);
        using var sfn = new StepFunctionsClient(new StepFunctionsClientOptions(stack.Region, stack.SfnEndpoint, Credentials), http);
        // 15 pairs: other builds share these 2 cores, and the median must outlast their bursts.
        var repeats = quick ? 3 : 15;
        var single = new List<double>();
        var batch = new List<double>();
        for (var i = 0; i < repeats + 1; i++)
        {
            var name = "bench-" + Guid.NewGuid().ToString("N");
            var input = WorkflowInputJson(name);
            var stopwatch = Stopwatch.StartNew();
            _ = await sfn.StartExecutionAsync(new StartExecutionRequest(stack.StateMachineArn, name, input));
            var one = stopwatch.Elapsed.TotalMilliseconds;
            var ten = (await starter.InvokeAsync(NewMessages(10))).TotalMilliseconds;
            if (i > 0)
            {
                // The first pair warms connections and the function.
                single.Add(one);
                batch.Add(ten);
            }
        }

        return FigureFactory.Measured(Starter, Percentiles.Median(batch), Percentiles.Median(single), run,
            $"median of {repeats} (after one warm-up); Starter '{function}' invoked on the local Lambda endpoint with a synthetic 10-record SQS event; the baseline is StepFunctionsClient.StartExecution on the local endpoint. Goal <= 2x expressed as ratio >= 0.5.");
    }

    private static async Task<(Figure, EndToEndLatencies)> MeasureThroughputAsync(LocalStackInfo stack, NpgsqlDataSource database, bool quick, RunContext run)
    {
        var count = quick ? 50 : 300;
        using var sqs = new AmazonSQSClient(Credentials, new AmazonSQSConfig { ServiceURL = stack.SqsEndpoint.ToString(), AuthenticationRegion = stack.Region });

        // Baseline: fauxqs alone, the same number of messages through a scratch queue.
        var queue = (await sqs.CreateQueueAsync("vaultflow-bench-" + Guid.NewGuid().ToString("N")[..12])).QueueUrl;
        double baseline;
        try
        {
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await sqs.SendMessageAsync(queue, Body(i.ToString(CultureInfo.InvariantCulture)));
            }

            var received = 0;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (received < count && DateTime.UtcNow < deadline)
            {
                var batch = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(queue) { MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
                if (batch.Messages is { Count: > 0 } messages)
                {
                    received += messages.Count;
                    _ = await sqs.DeleteMessageBatchAsync(queue, [.. messages.Select((m, j) => new DeleteMessageBatchRequestEntry(j.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle))]);
                }
            }

            baseline = received / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            _ = await sqs.DeleteQueueAsync(queue);
        }

        var sent = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var first = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var at = DateTimeOffset.UtcNow;
            var response = await sqs.SendMessageAsync(stack.IngestQueueUrl, Body("e2e-" + Guid.NewGuid().ToString("N")));
            sent[response.MessageId] = at;
        }

        var persisted = await PersistedRecordWatcher.WaitAsync(database, sent.Keys, TimeSpan.FromSeconds(quick ? 60 : 180));
        if (persisted.Count == 0)
        {
            throw new TimeoutException($"none of {count} messages sent to {stack.IngestQueueUrl} became a record (matched on records.source_message_id) before the deadline.");
        }

        var latencies = persisted.Select(p => (p.Value - sent[p.Key]).TotalMilliseconds).Order().ToList();
        var elapsed = (persisted.Values.Max() - first).TotalSeconds;
        var measured = new EndToEndLatencies(Percentiles.NearestRank(latencies, 50), Percentiles.NearestRank(latencies, 95), Percentiles.NearestRank(latencies, 99));
        var note = $"{persisted.Count}/{count} messages persisted; send->row latency p50 {measured.P50Ms:0} ms, p95 {measured.P95Ms:0} ms, p99 {measured.P99Ms:0} ms; baseline: {count} sends + receive(10)/delete-batch on a scratch fauxqs queue.";
        return (FigureFactory.Measured(Throughput, persisted.Count / elapsed, baseline, run, note), measured);
    }

    private static async Task<Figure> MeasureConcurrencyAsync(LocalStackInfo stack, HttpClient http, NpgsqlDataSource database, string function, bool quick, RunContext run, List<(int, double)> scaling)
    {
        var starter = new StarterInvoker(http, stack, function);
        var batchesPerLevel = quick ? 4 : 16;
        foreach (var concurrency in new[] { 1, 2, 4, 8 })
        {
            var batches = Enumerable.Range(0, batchesPerLevel).Select(_ => NewMessages(10)).ToList();
            var stopwatch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (batch, _) => await starter.InvokeAsync(batch));
            var ids = batches.SelectMany(b => b.Select(m => m.MessageId)).ToList();
            var persisted = await PersistedRecordWatcher.WaitAsync(database, ids, TimeSpan.FromSeconds(120));
            stopwatch.Stop();
            if (persisted.Count < ids.Count)
            {
                throw new TimeoutException($"at concurrency {concurrency}, {ids.Count - persisted.Count} of {ids.Count} records were not persisted within 120 s.");
            }

            scaling.Add((concurrency, ids.Count / stopwatch.Elapsed.TotalSeconds));
        }

        var series = string.Join(", ", scaling.Select(s => $"{s.Item1}: {s.Item2:0.0}/s"));
        return FigureFactory.Measured(Concurrency, scaling[^1].Item2, scaling[0].Item2, run, $"{batchesPerLevel} batches of 10 per level, Starter invoked directly; records/s at 1/2/4/8: {series}.");
    }

    private static List<(string MessageId, string Body)> NewMessages(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).Select(id => (id, Body(id)))];

    private static string Body(string key) =>
        $$$"""{"type":"bench.record","key":"bench-{{{key}}}","data":{"note":"vaultflow bench","padding":"{{{new string('x', 512)}}}"},"search":{"email":"bench-{{{key}}}@example.com"}}""";

    private static string WorkflowInputJson(string key) =>
        $$$"""{"message":{{{Body(key)}}}}""";

    private static async Task<bool> IsUpAsync(Uri endpoint)
    {
        try
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
