using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Contract;

/// <summary>
/// Limits of the ingest contract. The body limit is derived from Step Functions' input limit: the
/// workflow input is the message object copied byte for byte plus an envelope (idempotencyKey,
/// messageId, counts, startedBy) whose worst case, with every field at its maximum and every
/// character escaped as \uXXXX, stays below <see cref="EnvelopeHeadroomBytes"/> (a unit test proves it).
/// </summary>
public sealed record MessageLimits
{
    /// <summary>Step Functions rejects execution input over 256 KiB, measured as UTF-8 bytes.</summary>
    public const int StepFunctionsMaxInputBytes = 262_144;

    /// <summary>
    /// Bytes reserved for the workflow-input envelope around the message. Worst case, every string at
    /// its maximum length and every character escaped as \uXXXX (6 bytes): idempotencyKey 256 x 6 = 1,536,
    /// messageId 256 x 6 = 1,536, startedBy.awsRequestId 128 x 6 = 768, startedBy.functionName
    /// 170 x 6 = 1,020, property names, punctuation and three 10-digit counts about 160: 5,020 bytes.
    /// 8 KiB leaves room for a few more envelope fields without changing the body limit.
    /// </summary>
    public const int EnvelopeHeadroomBytes = 8_192;

    /// <summary>The largest body the contract can accept: 262,144 - 8,192 = 253,952 bytes.</summary>
    public const int MaxAllowedBodyBytes = StepFunctionsMaxInputBytes - EnvelopeHeadroomBytes;

    /// <summary>Maximum length of <c>key</c>, the idempotency key and the message id, in UTF-16 code units.</summary>
    public const int MaxKeyLength = 256;

    public static MessageLimits Default { get; } = new();

    /// <summary>Largest accepted body in bytes; at most <see cref="MaxAllowedBodyBytes"/>.</summary>
    public int MaxBodyBytes { get; init; } = MaxAllowedBodyBytes;

    /// <summary>Maximum nesting of objects/arrays; the message object itself is depth 1.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Maximum length of one search value (e.g. <c>search.email</c>), in UTF-16 code units.</summary>
    public int MaxSearchValueLength { get; init; } = 320;

    /// <summary>Throws <see cref="ConfigurationException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (MaxBodyBytes is < 64 or > MaxAllowedBodyBytes)
        {
            throw new ConfigurationException(
                nameof(MaxBodyBytes),
                $"MessageLimits.MaxBodyBytes is {MaxBodyBytes}; it must be between 64 and {MaxAllowedBodyBytes} so the workflow input stays under Step Functions' {StepFunctionsMaxInputBytes}-byte limit. Lower the setting.");
        }

        if (MaxDepth is < 2 or > 256)
        {
            throw new ConfigurationException(
                nameof(MaxDepth),
                $"MessageLimits.MaxDepth is {MaxDepth}; it must be between 2 (message plus data object) and 256. Fix the setting.");
        }

        if (MaxSearchValueLength is < 1 or > 4_096)
        {
            throw new ConfigurationException(
                nameof(MaxSearchValueLength),
                $"MessageLimits.MaxSearchValueLength is {MaxSearchValueLength}; it must be between 1 and 4096. Fix the setting.");
        }
    }
}
