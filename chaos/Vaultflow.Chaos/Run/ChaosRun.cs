using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Npgsql;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Chaos.Faults;
using Vaultflow.Chaos.Figures;
using Vaultflow.Chaos.Plan;
using Vaultflow.Chaos.Stack;

namespace Vaultflow.Chaos.Run;

/// <summary>
/// One chaos run: start the stack, send the plan while faults are on, let it settle, turn the faults off,
/// settle again, replay the DLQ N times, then count everything from the database, the DLQ, the
/// executions' histories and the logs.
/// </summary>
internal sealed class ChaosRun(ChaosOptions options, Func<string, Task> say)
{
    public async Task<ChaosFigures> RunAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var deadline = DateTimeOffset.UtcNow + options.Budget;
        var runId = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()));
        var plan = MessagePlan.Create(options.Messages, options.Seed, runId, options.RepoRoot);
        var (owner, appUser) = ReadPostgres(options.PostgresConfig);
        var ownerDb = new NpgsqlConnectionStringBuilder(owner) { Database = "vaultflow_chaos", Pooling = false }.ConnectionString;
        var stateDirectory = Path.Combine(options.LogDirectory, "state");

        await say($"run {runId}: {plan.Messages.Count} messages ({plan.UniqueValid} unique valid), {plan.PoisonKinds.Count(k => k.FromCorpus)} corpus poison kinds (+{plan.PoisonKinds.Count(k => !k.FromCorpus)} marker-carrying), {plan.HostileValid.Count} hostile-valid kinds, budget {options.Budget.TotalSeconds:0} s");
        await using var stack = await ChaosStack.StartAsync(options, stateDirectory, cancellationToken);
        var d = stack.Description;
        await say($"stack up: sqs {d.SqsEndpoint} sfn {d.SfnEndpoint} lambda {d.LambdaEndpoint} kms {d.KmsEndpoint} database {d.Database}");

        var credentials = new BasicAWSCredentials(Vaultflow.Local.Stack.LocalStack.AccessKeyId, Vaultflow.Local.Stack.LocalStack.SecretAccessKey);
        using var sqs = new AmazonSQSClient(credentials, new AmazonSQSConfig { ServiceURL = d.SqsEndpoint, AuthenticationRegion = d.Region });
        using var sfn = new StepFunctionsClient(new StepFunctionsClientOptions(d.Region, new Uri(d.SfnEndpoint), credentials));
        var settler = new Settler(sqs, d.IngestQueueUrl, sfn, d.StateMachineArn);

        var postgres = new PostgresFaults(ownerDb, d.Database, appUser, options.PostgresRestartScript);
        FaultCounters counters;
        IReadOnlyList<SentMessage> sent;
        Sender sender;
        bool settled;
        await using (var faults = new FaultInjector(stack, postgres, options, say))
        {
            await faults.StartAsync();
            await say("faults on: KMS 5% throttled, StartExecution 5% throttled, sandboxes crash after 3% of Encrypt/Persist and 2% of Starter runs, 2% of Dedupe calls lost while running, connections terminated every 0.3-2.5 s, one server restart");

            // The restart comes once about a third of the unique messages are persisted.
            using var restartWatch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var restart = RestartWhenAsync(faults, ownerDb, plan.UniqueValid / 3, deadline, restartWatch.Token, cancellationToken);

            sender = new Sender(sqs, d.IngestQueueUrl);
            var lastShown = 0;
            sent = await sender.SendAsync(
                plan.Messages,
                n =>
                {
                    if (n - Volatile.Read(ref lastShown) >= Math.Max(100, plan.Messages.Count / 10))
                    {
                        Volatile.Write(ref lastShown, n);
                        _ = say($"  sent {n}/{plan.Messages.Count}");
                    }
                },
                cancellationToken);
            await say($"sent {sent.Count} in {watch.Elapsed.TotalSeconds:0} s ({sender.Refused.Count} refused by SQS itself)");

            var processing = deadline - TimeSpan.FromTicks(options.Budget.Ticks * 35 / 100);
            settled = await settler.WaitAsync(processing, say, cancellationToken);
            await restartWatch.CancelAsync();
            await restart;
            if (!faults.Restarted)
            {
                await faults.RestartOnceAsync(cancellationToken);
            }

            counters = await faults.StopAsync();
        }

        await say($"faults off after {watch.Elapsed.TotalSeconds:0} s ({(settled ? "settled under faults" : "still busy")}); settling");
        settled = await settler.WaitAsync(deadline - TimeSpan.FromTicks(options.Budget.Ticks * 22 / 100), say, cancellationToken);

        // The parking verdicts (reason, phrase) are read before the storm: a message parked for its forged vf-* attributes is
        // parked with Vaultflow's own, so a replay of it is a clean valid message and is persisted (counted below).
        var parkedBeforeStorm = await DlqSnapshot.PeekAsync(sqs, d.DlqUrl, cancellationToken);
        await say($"  {parkedBeforeStorm.Count} DLQ messages before the replay storm");
        var storm = await new ReplayStorm(sqs, d.DlqUrl, d.IngestQueueUrl, settler)
            .RunAsync(options.ReplayRounds, deadline - TimeSpan.FromTicks(options.Budget.Ticks * 10 / 100), say, cancellationToken);
        settled = await settler.WaitAsync(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(options.Quick ? 10 : 30), say, cancellationToken) && settled;

        await say($"counting from the system after {watch.Elapsed.TotalSeconds:0} s");
        var figures = await CountAsync(plan, sent, sender, counters, storm, parkedBeforeStorm, stack, sqs, sfn, ownerDb, settled, watch, cancellationToken);
        return figures;
    }

    /// <summary>Polls the row count (until <paramref name="cancellationToken"/>); a restart once begun runs to its end (<paramref name="runToken"/>).</summary>
    private static async Task RestartWhenAsync(FaultInjector faults, string ownerDb, int rows, DateTimeOffset deadline, CancellationToken cancellationToken, CancellationToken runToken)
    {
        try
        {
            while (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                try
                {
                    await using var connection = new NpgsqlConnection(ownerDb);
                    await connection.OpenAsync(cancellationToken);
                    await using var command = new NpgsqlCommand("SELECT count(*) FROM records", connection);
                    if ((long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L) >= rows)
                    {
                        await faults.RestartOnceAsync(runToken);
                        return;
                    }
                }
                catch (NpgsqlException)
                {
                    // A terminated connection: poll again.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run settled first: the restart happens right after.
        }
    }

    private async Task<ChaosFigures> CountAsync(
        MessagePlan plan, IReadOnlyList<SentMessage> sent, Sender sender, FaultCounters counters, ReplayStormResult storm, IReadOnlyList<DlqEntry> parkedBeforeStorm, ChaosStack stack,
        IAmazonSQS sqs, StepFunctionsClient sfn, string ownerDb, bool settled, Stopwatch watch, CancellationToken cancellationToken)
    {
        var d = stack.Description;
        var records = await RecordAudit.RunAsync(ownerDb, new Uri(d.LambdaEndpoint), plan.Marker, cancellationToken);
        await say($"  {records.Rows} rows decrypted");
        var dlq = await DlqSnapshot.ReadAsync(sqs, d.DlqUrl, cancellationToken);
        await say($"  {dlq.Count} DLQ messages read");
        var executions = await ExecutionAudit.RunAsync(sfn, d.StateMachineArn, cancellationToken);
        await say($"  {executions.Executions} execution histories read");
        var ledger = await LedgerRetriesAsync(ownerDb, cancellationToken);

        // Valid messages: by producer key, or (keyless) by the first SQS message id, which the Starter keeps as vf-origin-id.
        var byKey = plan.Messages.Where(m => m.Kind == MessageKind.Unique && m.Key is not null).ToDictionary(m => m.Key!, m => m.Index, StringComparer.Ordinal);
        var byMessageId = sent.Where(s => s.Planned.Kind == MessageKind.Unique && s.Planned.Key is null).ToDictionary(s => s.MessageId, s => s.Planned.Index, StringComparer.Ordinal);
        var validInDlq = new HashSet<int>();
        foreach (var entry in dlq)
        {
            if (IndexOf(entry, byKey, byMessageId) is { } index)
            {
                validInDlq.Add(index);
            }
        }

        var uniqueSent = sent.Where(s => s.Planned.Kind == MessageKind.Unique).Select(s => s.Planned.Index).ToHashSet();
        var lost = uniqueSent.Count(i => !records.RowsPerMessage.ContainsKey(i) && !validInDlq.Contains(i));
        var duplicates = records.RowsPerMessage.Values.Sum(n => n - 1);

        var poisonSent = sent.Where(s => s.Planned.Kind == MessageKind.Poison).ToList();
        var poison = PoisonAudit.Run(plan, poisonSent, sender.Refused.Select(r => r.Message), parkedBeforeStorm, dlq, records.ForeignRows);
        var hostile = HostileValidAudit.Run(plan, sent, records.ForeignRows.Where(r => !poison.PersistedKeys.Contains(r.Key)).Select(r => r.Message).ToList());

        var logFiles = Directory.EnumerateFiles(options.LogDirectory, "*.log").ToList();
        if (options.PostgresLog is not null)
        {
            logFiles.Add(options.PostgresLog);
        }

        var inDatabase = await PlaintextScan.DatabaseAsync(ownerDb, plan.Marker, cancellationToken);
        var inLogs = PlaintextScan.Logs(logFiles, plan.Marker);
        var places = inDatabase.Select(p => ("db:" + p.Key, p.Value)).Concat(inLogs.Select(p => ("log:" + p.Key, p.Value)))
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

        return new ChaosFigures
        {
            Sent = sent.Count,
            Persisted = records.Rows,
            UniqueValid = uniqueSent.Count,
            DlqByReason = dlq.GroupBy(e => e.Reason, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Lost = lost,
            DuplicateRows = duplicates,
            ReplaysRefused = storm.Refused,
            PlaintextHits = places.Values.Sum(),
            BadInputKinds = poison.CorpusKindsSent,
            BadInputHandled = poison.CorpusKindsHandled,
            BadInputMismatches = poison.Mismatches,
            HostileValidSent = hostile.Sent,
            HostileValidIntact = hostile.Intact,
            HostileValidMismatches = hostile.Mismatches,
            ExactDuplicatesSent = sent.Count(s => s.Planned.Kind == MessageKind.ExactDuplicate),
            KeyDuplicatesSent = sent.Count(s => s.Planned.Kind == MessageKind.KeyDuplicate),
            PoisonSent = poisonSent.Count,
            PoisonParked = poison.Parked,
            PoisonPersistedAfterReplay = poison.PersistedAfterReplay,
            PoisonWithExpectedReason = poison.WithExpectedReason,
            RefusedBySqs = sender.Refused.Count,
            ValidInDlq = validInDlq.Count,
            UnmatchedRows = hostile.UnmatchedRows,
            DecryptFailures = records.DecryptFailures,
            ReplaysMoved = storm.Moved,
            ReplayRounds = storm.Rounds.Count,
            RetriesByStep = executions.RetriesByState,
            LedgerRetriesByStep = ledger,
            TaskErrors = executions.TaskErrors,
            ExecutionsByStatus = executions.ByStatus,
            PlaintextByPlace = places,
            Faults = counters,
            Settled = settled,
            DurationSeconds = watch.Elapsed.TotalSeconds,
            BadInputSource = $"tests/corpus/index.json: every kind entering by SQS body or attributes that SQS can carry and that must be dead-lettered ({plan.PoisonKinds.Count(k => k.FromCorpus)} kinds), plus {plan.PoisonKinds.Count(k => !k.FromCorpus)} run-made marker-carrying kinds (not counted as corpus kinds)",
        };
    }

    private static int? IndexOf(DlqEntry entry, Dictionary<string, int> byKey, Dictionary<string, int> byMessageId)
    {
        try
        {
            using var document = JsonDocument.Parse(entry.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("key", out var key)
                && key.ValueKind == JsonValueKind.String && byKey.TryGetValue(key.GetString()!, out var keyed))
            {
                return keyed;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or a key string that cannot be read (a lone surrogate escape): poison, not a valid message.
            return null;
        }

        return byMessageId.TryGetValue(entry.OriginId ?? entry.MessageId, out var index) ? index : null;
    }

    private static async Task<IReadOnlyDictionary<string, long>> LedgerRetriesAsync(string ownerDb, CancellationToken cancellationToken)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(ownerDb);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT step, sum(attempts - 1) FROM idempotency_steps GROUP BY step", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static (string Owner, string AppUser) ReadPostgres(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        return (root.GetProperty("ownerConnectionString").GetString()!, root.TryGetProperty("appUser", out var app) ? app.GetString()! : "vaultflow_app");
    }
}
