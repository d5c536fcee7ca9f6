using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Vaultflow.Chaos.Stack;
using Vaultflow.Lambda.LocalInvoke.Faults;
using Vaultflow.Local.Kms.Faults;

namespace Vaultflow.Chaos.Faults;

/// <summary>
/// The faults of the run, on while messages are sent and processed: KMS ThrottlingException on 5% of
/// calls, StartExecution throttled on 5% of calls, Encrypt's and Persist's sandboxes crashing after
/// they ran (3% each: Encrypt's result lost before Persist, Persist's commit unanswered), the Starter's
/// after 2% of its batches (SQS redelivers the whole batch), Dedupe's caller losing 2% of its invocations
/// while they still run (the retry meets a live claim), app connections terminated at random intervals,
/// and one full PostgreSQL restart with an outage (default 45 s, an RDS failover's order) once about a third of the rows exist.
/// </summary>
internal sealed class FaultInjector(ChaosStack stack, PostgresFaults postgres, ChaosOptions options, Func<string, Task> say) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new();
    private Task? _killer;
    private string? _restartNote;
    private bool _restarted;

    public bool Restarted => _restarted;

    public async Task StartAsync()
    {
        stack.Stack.Kms.Faults.Configure(new KmsFaultSettings(0, 0.05, options.Seed));
        stack.Stack.Kms.Faults.ResetCounters();
        var lambda = stack.Stack.Lambda.Faults;
        lambda.Configure("Encrypt", new InvokeFaultSettings(0, 0.03, InvokeCrashMode.ConnectionReset, options.Seed + 1));
        lambda.Configure("Persist", new InvokeFaultSettings(0, 0.03, InvokeCrashMode.ServiceError, options.Seed + 2));
        lambda.Configure("Dedupe", new InvokeFaultSettings(0, 0.02, InvokeCrashMode.ResetWhileRunning, options.Seed + 4));
        lambda.Configure("Starter", new InvokeFaultSettings(0, 0.02, InvokeCrashMode.ConnectionReset, options.Seed + 5));
        await SetSfnFaultsAsync(0.05);
        _killer = Task.Run(() => KillLoopAsync(_stop.Token));
    }

    /// <summary>Restarts the server once (called by the runner when about a third of the rows exist, or when sending ends).</summary>
    public async Task RestartOnceAsync(CancellationToken cancellationToken)
    {
        if (_restarted)
        {
            return;
        }

        _restarted = true;
        await say($"fault: stopping PostgreSQL (pg_ctl stop -m fast), starting it again after {options.Outage.TotalSeconds:0} s");
        _restartNote = await postgres.RestartAsync(options.Outage, cancellationToken);
        await say("fault: PostgreSQL " + _restartNote);
    }

    /// <summary>Turns every fault off and returns what was done.</summary>
    public async Task<FaultCounters> StopAsync()
    {
        await _stop.CancelAsync();
        if (_killer is not null)
        {
            await _killer;
        }

        stack.Stack.Kms.Faults.Configure(new KmsFaultSettings());
        stack.Stack.Lambda.Faults.Clear();
        var sfn = await SetSfnFaultsAsync(0);
        var kms = stack.Stack.Kms.Faults.Snapshot();
        return new FaultCounters
        {
            KmsCalls = kms.Calls.Values.Sum(),
            KmsThrottled = kms.Throttled.Values.Sum(),
            ConnectionsTerminated = postgres.Terminated,
            TerminateRounds = postgres.Rounds,
            ServerRestarted = _restartNote?.StartsWith("restarted", StringComparison.Ordinal) == true,
            RestartNote = _restartNote,
            EncryptCrashes = stack.Stack.Lambda.Faults.CrashCount("Encrypt"),
            PersistCrashes = stack.Stack.Lambda.Faults.CrashCount("Persist"),
            DedupeLostCalls = stack.Stack.Lambda.Faults.CrashCount("Dedupe"),
            StarterCrashes = stack.Stack.Lambda.Faults.CrashCount("Starter"),
            StartExecutionThrottled = sfn,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        if (_killer is not null)
        {
            await _killer;
        }

        _stop.Dispose();
        _http.Dispose();
    }

    private async Task KillLoopAsync(CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed + 3);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, options.Quick ? 1500 : 2500)), cancellationToken);
                await postgres.TerminateSomeAsync(random.Next(1, 3), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The server is restarting: the next round tries again.
            }
        }
    }

    /// <summary>Sets the Step Functions server's throttle rate; returns how many StartExecution calls it throttled so far.</summary>
    private async Task<long> SetSfnFaultsAsync(double rate)
    {
        var uri = new Uri(new Uri(stack.Description.SfnEndpoint), "_vaultflow/sfn/faults");
        using var response = await _http.PostAsJsonAsync(uri, new SfnFaults(0, rate), ChaosJsonContext.Default.SfnFaults);
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return document.RootElement.TryGetProperty("counters", out var counters) && counters.TryGetProperty("StartExecutionThrottled", out var throttled)
            ? throttled.GetInt64()
            : 0;
    }
}
