namespace Vaultflow.Cli.Commands.Support;

/// <summary>The command line parses but does not make sense (e.g. --count without --template): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
