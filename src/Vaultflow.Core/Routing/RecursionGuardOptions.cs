using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Routing;

/// <summary>Limits of the recursion guard; a message may have at most these counts (inclusive).</summary>
public sealed record RecursionGuardOptions
{
    public static RecursionGuardOptions Default { get; } = new();

    /// <summary>Replays from the DLQ a message may have had.</summary>
    public int MaxReplays { get; init; } = 3;

    /// <summary>Sends by Vaultflow a message may have had; 16 matches Lambda's own loop detection.</summary>
    public int MaxHops { get; init; } = 16;

    public void Validate()
    {
        if (MaxReplays is < 0 or > 1_000)
        {
            throw new ConfigurationException(nameof(MaxReplays), $"RecursionGuardOptions.MaxReplays is {MaxReplays}; use 0..1000 (default 3).");
        }

        if (MaxHops is < 1 or > 1_000)
        {
            throw new ConfigurationException(nameof(MaxHops), $"RecursionGuardOptions.MaxHops is {MaxHops}; use 1..1000 (default 16).");
        }
    }
}
