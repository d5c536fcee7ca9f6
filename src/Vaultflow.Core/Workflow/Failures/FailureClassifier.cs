using System.Text.Json;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Contracts;

namespace Vaultflow.Core.Workflow.Failures;

/// <summary>A Catch's error, understood: the reason code, the error type and a one-line detail (no stack trace).</summary>
public sealed record ClassifiedFailure(string Reason, string Error, string Detail);

/// <summary>Turns a Catch's <c>{"Error", "Cause"}</c> into a <see cref="ClassifiedFailure"/>.</summary>
public static class FailureClassifier
{
    public static ClassifiedFailure Classify(FailureInfo? failure)
    {
        var error = string.IsNullOrWhiteSpace(failure?.Error) ? "Unknown" : failure.Error;
        var cause = failure?.Cause;
        var errorMessage = ReadErrorMessage(cause) ?? StripErrorPrefix(cause, error);
        var reason = error switch
        {
            ErrorTypes.InvalidMessage => ErrorMessageConvention.TryReadReason(errorMessage) ?? FailureReasons.InvalidMessage,
            ErrorTypes.Transient or ErrorTypes.StepInProgress => FailureReasons.RetriesExhausted,
            ErrorTypes.DecryptionFailed => FailureReasons.DecryptionFailed,
            ErrorTypes.Configuration => FailureReasons.ConfigurationError,
            "States.Timeout" or "States.HeartbeatTimeout" => FailureReasons.StepTimeout,
            _ when error.StartsWith("Lambda.", StringComparison.Ordinal) || error.StartsWith("Runtime.", StringComparison.Ordinal) => FailureReasons.LambdaError,
            _ => FailureReasons.StepFailed,
        };
        var text = errorMessage;
        var detail = string.IsNullOrWhiteSpace(text) ? error : $"{error}: {text}";
        return new ClassifiedFailure(reason, error, detail);
    }

    /// <summary>
    /// A Cause that is not a payload document: AWS passes the payload, while the local engine
    /// (aws-local-stepfunctions) passes <c>"{errorType}: {errorMessage}"</c>; either way the message is what remains.
    /// </summary>
    private static string? StripErrorPrefix(string? cause, string error) =>
        cause is not null && cause.StartsWith(error + ": ", StringComparison.Ordinal) ? cause[(error.Length + 2)..] : cause;

    /// <summary>The errorMessage of a Lambda error payload in <paramref name="cause"/>; null when Cause is not one.</summary>
    private static string? ReadErrorMessage(string? cause)
    {
        if (string.IsNullOrWhiteSpace(cause) || !cause.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(cause, WorkflowStepsJsonContext.Default.LambdaErrorCause)?.ErrorMessage;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
