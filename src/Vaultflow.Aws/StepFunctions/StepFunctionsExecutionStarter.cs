using System.Text;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Aws.StepFunctions;

/// <summary>
/// <see cref="IExecutionStarter"/> over <see cref="StepFunctionsClient"/>: ExecutionAlreadyExists is a
/// deduplicated success; retryable failures (throttling, 5xx, network) become <see cref="TransientException"/>.
/// Anything else (missing state machine, access denied, invalid input) propagates: the record stays on
/// the queue and the redrive policy parks it in the DLQ after maxReceiveCount.
/// </summary>
public sealed class StepFunctionsExecutionStarter : IExecutionStarter
{
    private readonly StepFunctionsClient _client;
    private readonly string _stateMachineArn;

    public StepFunctionsExecutionStarter(StepFunctionsClient client, string stateMachineArn)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(stateMachineArn);
        _client = client;
        _stateMachineArn = stateMachineArn;
    }

    public async Task<ExecutionStartOutcome> StartAsync(string executionName, ReadOnlyMemory<byte> inputJson, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionName);
        try
        {
            await _client.StartExecutionAsync(new StartExecutionRequest(_stateMachineArn, executionName, Encoding.UTF8.GetString(inputJson.Span)), cancellationToken).ConfigureAwait(false);
            return ExecutionStartOutcome.Started;
        }
        catch (ExecutionAlreadyExistsException)
        {
            return ExecutionStartOutcome.AlreadyExists;
        }
        catch (StepFunctionsException ex) when (ex.IsRetryable)
        {
            throw new TransientException(
                $"StartExecution of '{executionName}' on {_stateMachineArn} failed with {ex.ErrorCode}{(ex.StatusCode is { } status ? $" (HTTP {(int)status})" : "")}. This is retryable: the message stays on the queue and is redelivered.",
                ex);
        }
    }
}
