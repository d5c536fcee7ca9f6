namespace Vaultflow.Core.Workflow.Ports;

/// <summary>How a start request ended.</summary>
public enum ExecutionStartOutcome
{
    /// <summary>A new execution runs (or the same name and input was already running: Step Functions answers with it).</summary>
    Started,

    /// <summary>An execution with this name exists with another input or has closed: the message was already handled.</summary>
    AlreadyExists,
}

/// <summary>Starts executions of the ingest state machine (the Starter's port to Step Functions).</summary>
public interface IExecutionStarter
{
    /// <param name="executionName">Deterministic, from <see cref="Contract.ExecutionName.For"/>.</param>
    /// <param name="inputJson">The UTF-8 workflow input.</param>
    /// <exception cref="Errors.TransientException">Throttling, 5xx, timeouts: try again later.</exception>
    Task<ExecutionStartOutcome> StartAsync(string executionName, ReadOnlyMemory<byte> inputJson, CancellationToken cancellationToken);
}
