namespace Vaultflow.Lambda.Client;

/// <summary>The Runtime API refused a call or could not be reached; the runtime cannot go on.</summary>
public sealed class RuntimeApiException : Exception
{
    public RuntimeApiException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
