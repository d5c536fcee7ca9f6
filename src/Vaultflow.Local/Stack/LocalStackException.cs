namespace Vaultflow.Local.Stack;

/// <summary>The local stack could not start; the message says which step failed and what to do.</summary>
public sealed class LocalStackException : Exception
{
    public LocalStackException(string message)
        : base(message)
    {
    }

    public LocalStackException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LocalStackException()
        : base("The local stack could not start.")
    {
    }
}
