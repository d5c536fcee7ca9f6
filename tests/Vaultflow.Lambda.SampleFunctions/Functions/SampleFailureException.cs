using Vaultflow.Lambda.ExceptionHandling;

namespace Vaultflow.Lambda.SampleFunctions.Functions;

/// <summary>A typed failure: its <see cref="ErrorType"/> is what Lambda reports as errorType.</summary>
public sealed class SampleFailureException : Exception, IHasErrorType
{
    public const string Type = "Vaultflow.SampleFailure";

    public SampleFailureException(string message)
        : base(message)
    {
    }

    public SampleFailureException()
        : base("The sample function failed on purpose.")
    {
    }

    public SampleFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string ErrorType => Type;
}
