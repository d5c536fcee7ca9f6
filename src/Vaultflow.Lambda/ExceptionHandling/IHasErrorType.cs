namespace Vaultflow.Lambda.ExceptionHandling;

/// <summary>
/// An exception that names its own Lambda error type (the <c>errorType</c> Step Functions Retry and
/// Catch match, e.g. <c>Vaultflow.Transient</c>). Exceptions from code that cannot reference this
/// assembly get the same effect through <see cref="LambdaErrorTypeResolver"/>.
/// </summary>
public interface IHasErrorType
{
    string ErrorType { get; }
}
