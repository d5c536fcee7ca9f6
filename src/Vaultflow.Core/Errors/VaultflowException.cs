namespace Vaultflow.Core.Errors;

/// <summary>
/// Root of Vaultflow's small exception tree. <see cref="ErrorType"/> is a stable string: it is the
/// Lambda error type the state machine's Retry and Catch match, so renaming one is a breaking change.
/// </summary>
public abstract class VaultflowException : Exception
{
    protected VaultflowException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The stable error type, e.g. <c>Vaultflow.Transient</c>.</summary>
    public abstract string ErrorType { get; }

    /// <summary>Whether running the same work again may succeed.</summary>
    public abstract bool IsRetryable { get; }
}

/// <summary>Stable error type names, shared by code, ASL and docs.</summary>
public static class ErrorTypes
{
    public const string Transient = "Vaultflow.Transient";
    public const string InvalidMessage = "Vaultflow.InvalidMessage";
    public const string StepInProgress = "Vaultflow.StepInProgress";
    public const string DecryptionFailed = "Vaultflow.DecryptionFailed";
    public const string Configuration = "Vaultflow.Configuration";
    public const string NotFound = "Vaultflow.NotFound";
}

/// <summary>A failure that is expected to clear up by itself (throttling, a dropped connection).</summary>
public sealed class TransientException : VaultflowException
{
    public TransientException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public override string ErrorType => ErrorTypes.Transient;

    public override bool IsRetryable => true;
}

/// <summary>Another live invocation owns the step; retry after its lease.</summary>
public sealed class StepInProgressException : VaultflowException
{
    public StepInProgressException(string message)
        : base(message)
    {
    }

    public override string ErrorType => ErrorTypes.StepInProgress;

    public override bool IsRetryable => true;
}

/// <summary>Missing or contradictory configuration; names the setting and what to do.</summary>
public sealed class ConfigurationException : VaultflowException
{
    public ConfigurationException(string setting, string message)
        : base(message)
    {
        Setting = setting;
    }

    /// <summary>The environment variable or option at fault.</summary>
    public string Setting { get; }

    public override string ErrorType => ErrorTypes.Configuration;

    public override bool IsRetryable => false;
}
