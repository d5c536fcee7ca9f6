using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Routing;

/// <summary>SQS allows at most 10 message attributes per message; Vaultflow adds up to five.</summary>
public static class MessageAttributeLimit
{
    public const int MaxAttributes = 10;

    /// <summary>Bound on <c>vf-failure-detail</c> so a long cause cannot bloat the DLQ message.</summary>
    public const int MaxFailureDetailLength = 1_024;

    /// <summary>
    /// The attribute names of the outgoing message: the incoming ones (with stale vf-* names replaced)
    /// plus Vaultflow's. Throws <c>too-many-attributes</c> when that exceeds 10.
    /// </summary>
    public static IReadOnlyList<string> Merge(IEnumerable<string> existingNames, IEnumerable<string> vaultflowNames)
    {
        ArgumentNullException.ThrowIfNull(existingNames);
        ArgumentNullException.ThrowIfNull(vaultflowNames);
        var producer = existingNames.Where(n => !MessageAttributeNames.IsVaultflow(n)).Distinct(StringComparer.Ordinal).ToList();
        var ours = vaultflowNames.Distinct(StringComparer.Ordinal).ToList();
        var total = producer.Count + ours.Count;
        if (total > MaxAttributes)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.TooManyAttributes,
                $"The message would carry {total} message attributes ({producer.Count} from the producer + {ours.Count} of Vaultflow: {string.Join(", ", ours)}); SQS allows {MaxAttributes}. Have the producer use at most {MaxAttributes - ours.Count} attributes, or move them into the body.");
        }

        return [.. producer, .. ours];
    }

    /// <summary>The vf-failure and vf-failure-detail values, with the detail cut to its bound.</summary>
    public static IReadOnlyDictionary<string, string> FailureAttributes(string reason, string detail)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentNullException.ThrowIfNull(detail);
        var cut = MaxFailureDetailLength - 3;
        if (detail.Length > MaxFailureDetailLength && char.IsHighSurrogate(detail[cut - 1]))
        {
            cut--;
        }

        var bounded = detail.Length <= MaxFailureDetailLength ? detail : string.Concat(detail.AsSpan(0, cut), "...");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MessageAttributeNames.Failure] = reason,
            [MessageAttributeNames.FailureDetail] = bounded,
        };
    }
}
