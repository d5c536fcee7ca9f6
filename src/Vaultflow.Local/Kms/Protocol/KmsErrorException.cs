using System.Net;

namespace Vaultflow.Local.Kms.Protocol;

/// <summary>
/// A failure the endpoint reports to the caller as a KMS error: HTTP status, <c>__type</c> and message.
/// Messages name identifiers only, never key material or plaintext.
/// </summary>
internal sealed class KmsErrorException : Exception
{
    public KmsErrorException(string errorType, string message, HttpStatusCode status = HttpStatusCode.BadRequest)
        : base(message)
    {
        ErrorType = errorType;
        Status = status;
    }

    public string ErrorType { get; }

    public HttpStatusCode Status { get; }
}
