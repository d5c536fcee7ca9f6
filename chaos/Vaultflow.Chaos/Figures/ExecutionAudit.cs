using System.Collections.Concurrent;
using Vaultflow.Aws.StepFunctions;

namespace Vaultflow.Chaos.Figures;

/// <summary>From every execution's history: statuses, retries per state (TaskStateRetried) and task errors seen.</summary>
internal sealed record ExecutionAuditResult(
    int Executions,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> RetriesByState,
    IReadOnlyDictionary<string, int> TaskErrors);

internal static class ExecutionAudit
{
    public static async Task<ExecutionAuditResult> RunAsync(StepFunctionsClient sfn, string stateMachineArn, CancellationToken cancellationToken)
    {
        var executions = new List<ExecutionListItem>();
        string? token = null;
        do
        {
            var page = await sfn.ListExecutionsAsync(new ListExecutionsRequest(stateMachineArn, null, 1000, token), cancellationToken);
            executions.AddRange(page.Executions);
            token = page.NextToken;
        }
        while (token is not null);

        var retries = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var next = -1;
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < executions.Count)
            {
                // Without execution data: the history's inputs hold the message, and the figures need none of it.
                var history = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest(executions[i].ExecutionArn, 1000, null, false, false), cancellationToken);
                foreach (var e in history.Events)
                {
                    if (e.Type == "TaskStateRetried" && e.Details?.GetValueOrDefault("stateRetriedEventDetails") is { } retried
                        && retried.TryGetProperty("name", out var name))
                    {
                        retries.AddOrUpdate(name.GetString() ?? "?", 1, (_, n) => n + 1);
                    }
                    else if (e.Type == "TaskStateFailed" && e.Details?.GetValueOrDefault("taskFailedEventDetails") is { } failed
                        && failed.TryGetProperty("error", out var error))
                    {
                        errors.AddOrUpdate(error.GetString() ?? "?", 1, (_, n) => n + 1);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => WorkerAsync()));
        var byStatus = executions.GroupBy(e => e.Status, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new ExecutionAuditResult(executions.Count, byStatus, retries, errors);
    }
}
