using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Tests.Workflow.Fakes;
using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Steps;

namespace Vaultflow.Core.Tests.Workflow;

// Found by the chaos run: a step failed because PostgreSQL was restarting, its release failed for the same
// reason, and the stranded claim blocked every retry (StepInProgress) until the lease ran out, so the valid
// message went to the DLQ with retries-exhausted.
public class StepLedgerTests
{
    private static readonly StepInvocation Invocation = new("req-1", TimeSpan.FromSeconds(30));
    private static readonly TimeSpan[] NoWait = [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero];

    [Fact]
    public async Task ReleaseAsync_TransientReleaseFailuresThenSuccess_RetriesUntilReleased()
    {
        var ledger = new FlakyReleaseLedger(new TransientException("the database system is shutting down"), new TransientException("connection refused"));
        var steps = new StepLedger(ledger, NullLogger.Instance, NoWait);
        var claim = await steps.ClaimAsync("key-1", "dedupe", Invocation, CancellationToken.None);

        await steps.ReleaseAsync("key-1", "dedupe", Invocation, claim, new TransientException("terminating connection due to administrator command"));

        Assert.True(ledger.Released);
        Assert.Equal(3, ledger.FailCalls);
    }

    [Fact]
    public async Task ReleaseAsync_TransientFailuresBeyondTheRetries_GivesUpWithoutThrowing()
    {
        var errors = Enumerable.Range(0, 10).Select(_ => (Exception)new TransientException("down")).ToArray();
        var ledger = new FlakyReleaseLedger(errors);
        var steps = new StepLedger(ledger, NullLogger.Instance, NoWait);
        var claim = await steps.ClaimAsync("key-2", "encrypt", Invocation, CancellationToken.None);

        await steps.ReleaseAsync("key-2", "encrypt", Invocation, claim, new TransientException("down"));

        Assert.False(ledger.Released);
        Assert.Equal(NoWait.Length + 1, ledger.FailCalls);
    }

    [Fact]
    public async Task ReleaseAsync_NonRetryableReleaseFailure_TriesOnce()
    {
        var ledger = new FlakyReleaseLedger(new ConfigurationException("VAULTFLOW_DB", "no database configured"));
        var steps = new StepLedger(ledger, NullLogger.Instance, NoWait);
        var claim = await steps.ClaimAsync("key-3", "persist", Invocation, CancellationToken.None);

        await steps.ReleaseAsync("key-3", "persist", Invocation, claim, new InvalidOperationException("boom"));

        Assert.False(ledger.Released);
        Assert.Equal(1, ledger.FailCalls);
    }
}
