using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Workflow.Steps;

/// <summary>Checks of the fields the state machine adds to every step payload.</summary>
internal static class StepInputs
{
    public static string RequireExecutionName(string? executionName, string step)
    {
        if (string.IsNullOrWhiteSpace(executionName))
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.MissingField,
                $"{step} received no $.executionName. The state machine must pass \"executionName.$\": \"$$.Execution.Name\" in the task's Parameters (see statemachine/ingest.asl.json).");
        }

        return executionName;
    }

    public static T Require<T>(T? value, string path, string step)
        where T : class =>
        value ?? throw new InvalidMessageException(
            InvalidMessageReasons.MissingField,
            $"{step} received no {path}. The state machine passes the previous step's output there (see statemachine/ingest.asl.json).");
}
