namespace Vaultflow.Cli.Template;

/// <summary>A template or manifest problem the user must fix; the message says what, where and how.</summary>
internal sealed class TemplateSyncException : Exception
{
    public TemplateSyncException(string message)
        : base(message)
    {
    }

    public TemplateSyncException()
    {
    }

    public TemplateSyncException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
