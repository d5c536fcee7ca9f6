namespace Vaultflow.Core.Errors;

/// <summary>
/// The database schema cannot be brought up to date: an applied migration was edited afterwards,
/// a migration failed (and was rolled back), or another runner held the migration lock too long.
/// Never retried automatically: a person has to look.
/// </summary>
public sealed class MigrationException : VaultflowException
{
    /// <summary>Stable error type; migrations run from the CLI and tests, never inside a workflow.</summary>
    public const string MigrationErrorType = "Vaultflow.Migration";

    public MigrationException(string migration, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Migration = migration;
    }

    /// <summary>The migration at fault, such as <c>0001_initial_schema</c>, or <c>*</c> for the whole run.</summary>
    public string Migration { get; }

    public override string ErrorType => MigrationErrorType;

    public override bool IsRetryable => false;
}
