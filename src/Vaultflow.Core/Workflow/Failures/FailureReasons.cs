using Vaultflow.Core.Contract;

namespace Vaultflow.Core.Workflow.Failures;

/// <summary>
/// The <c>vf-failure</c> codes RouteFailure uses for errors that are not a contract violation. A
/// contract violation (<c>Vaultflow.InvalidMessage</c>) keeps its own code from
/// <see cref="InvalidMessageReasons"/>. Stable: dashboards and <c>vaultflow replay --reason</c> match them.
/// </summary>
public static class FailureReasons
{
    /// <summary>A Vaultflow.InvalidMessage error whose message carried no known reason code.</summary>
    public const string InvalidMessage = "invalid-message";

    /// <summary>Vaultflow.Transient or Vaultflow.StepInProgress after every retry the state machine allows.</summary>
    public const string RetriesExhausted = "retries-exhausted";

    /// <summary>A stored record or data key did not decrypt (Vaultflow.DecryptionFailed).</summary>
    public const string DecryptionFailed = "decryption-failed";

    /// <summary>A function is misconfigured (Vaultflow.Configuration): fix the setting, then replay.</summary>
    public const string ConfigurationError = "configuration-error";

    /// <summary>A task ran past its TimeoutSeconds (States.Timeout, States.HeartbeatTimeout).</summary>
    public const string StepTimeout = "step-timeout";

    /// <summary>Lambda itself failed to run the function (Lambda.* after retries, out of memory, crashed runtime).</summary>
    public const string LambdaError = "lambda-error";

    /// <summary>Any other error (an unexpected exception in a step).</summary>
    public const string StepFailed = "step-failed";

    /// <summary>
    /// Not a DLQ reason: the failures-table reason when the DLQ refused the message for good (access denied,
    /// missing queue, unusable KMS key, or both forms refused). The message is the execution's input; redrive it.
    /// </summary>
    public const string DlqRefused = "dlq-refused";

    /// <summary>Every code with a one-line description, for the README.</summary>
    public static IReadOnlyList<ReasonInfo> All { get; } =
    [
        new(InvalidMessage, "The workflow refused the message as invalid, without a more precise reason code."),
        new(RetriesExhausted, "A transient error (database, KMS, a step held by another invocation) outlasted every retry; replay once the dependency is healthy."),
        new(DecryptionFailed, "A ciphertext or data key did not decrypt (wrong key, altered bytes)."),
        new(ConfigurationError, "A function is missing or has contradictory configuration; fix it, then replay."),
        new(StepTimeout, "A step ran longer than its timeout."),
        new(LambdaError, "Lambda could not run the function (service error, throttling after retries, crash)."),
        new(StepFailed, "A step failed with an unexpected error; the detail names the error type."),
        new(DlqRefused, "Failures table only: the DLQ refused the message for good (access, missing queue, KMS key); the message stays in the execution's input; fix the DLQ, then redrive the execution."),
    ];
}
