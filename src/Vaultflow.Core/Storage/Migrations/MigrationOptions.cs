namespace Vaultflow.Core.Storage.Migrations;

/// <summary>Settings for <see cref="MigrationRunner"/>.</summary>
public sealed record MigrationOptions
{
    /// <summary>The default login role the functions use; scripts/setup creates it.</summary>
    public const string DefaultAppRole = "vaultflow_app";

    /// <summary>
    /// The role that receives the app's grants. Passed to the SQL as the transaction setting
    /// <c>vaultflow.app_role</c> and quoted there with <c>format('%I')</c>, so migration files and
    /// their checksums stay the same whatever the role is called.
    /// </summary>
    public string AppRole { get; init; } = DefaultAppRole;

    /// <summary>How long to wait for another runner's migration lock before giving up.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Time allowed for one migration's SQL.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
