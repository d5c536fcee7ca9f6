namespace Vaultflow.Aws.Secrets;

/// <summary>Reads one secret's current value. Implementations do not cache: <see cref="CachedSecret"/> does.</summary>
public interface ISecretSource
{
    /// <summary>The setting that names this secret (e.g. VAULTFLOW_DB_SECRET_ID), for <see cref="Core.Errors.ConfigurationException.Setting"/>.</summary>
    string Setting { get; }

    /// <summary>Names the secret and how it is read, for messages and logs. Never the value.</summary>
    string Description { get; }

    /// <summary>The secret's string value.</summary>
    /// <exception cref="Core.Errors.ConfigurationException">The secret cannot be read as configured (says what to check).</exception>
    /// <exception cref="Core.Errors.TransientException">The source was unavailable; trying later may work.</exception>
    Task<string> GetSecretStringAsync(CancellationToken cancellationToken = default);
}
