using System.Net;

namespace Vaultflow.Aws.StepFunctions;

/// <summary>An error answered by the Step Functions API, with its error code (e.g. ThrottlingException).</summary>
public class StepFunctionsException : Exception
{
    public StepFunctionsException(string errorCode, string message, HttpStatusCode? statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>The service's error code, without namespace prefix (e.g. <c>ExecutionAlreadyExists</c>).</summary>
    public string ErrorCode { get; }

    /// <summary>The HTTP status, or null when no response arrived (network failure, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Throttling, 5xx and transport failures: the same call may succeed later.</summary>
    public bool IsRetryable => StatusCode is null or >= HttpStatusCode.InternalServerError
        || ErrorCode is "ThrottlingException" or "TooManyRequestsException" or "RequestLimitExceeded" or "ServiceUnavailable" or "InternalFailure";
}

/// <summary>A STANDARD execution with this name already exists (or existed) with a different input or is closed.</summary>
public sealed class ExecutionAlreadyExistsException : StepFunctionsException
{
    public ExecutionAlreadyExistsException(string message, HttpStatusCode statusCode)
        : base("ExecutionAlreadyExists", message, statusCode)
    {
    }
}

/// <summary>
/// RedriveExecution refused: the execution is RUNNING or SUCCEEDED, too old (14 days), or its state machine
/// is being deleted. <see cref="Reason"/> is the service's sentence (e.g. "Execution is SUCCEEDED and cannot be redriven.").
/// </summary>
public sealed class ExecutionNotRedrivableException : StepFunctionsException
{
    public ExecutionNotRedrivableException(string message, string reason, HttpStatusCode statusCode)
        : base("ExecutionNotRedrivable", message, statusCode)
    {
        Reason = reason;
    }

    /// <summary>Why the execution cannot be redriven, as the service put it.</summary>
    public string Reason { get; }
}
