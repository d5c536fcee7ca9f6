namespace Vaultflow.Cli.Commands.Support;

/// <summary>The CLI's exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Something failed (a message not sent or not moved, a stack that is down, bad configuration).</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;
}
