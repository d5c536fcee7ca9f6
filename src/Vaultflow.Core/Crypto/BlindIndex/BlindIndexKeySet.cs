namespace Vaultflow.Core.Crypto.BlindIndex;

/// <summary>
/// The blind-index keys a process holds: the current key, which every new index is computed under, and
/// during a rotation the previous key, whose indexes are still in rows `vaultflow reindex` has not
/// reached yet. Searches compute the index under each key and take the union of the candidates; every
/// candidate is confirmed by decryption, so the union can find more rows but never a wrong one.
/// Dispose zeroes both keys.
/// </summary>
public sealed class BlindIndexKeySet : IDisposable
{
    /// <param name="current">The key new indexes are computed under.</param>
    /// <param name="previous">The key being rotated out, or null outside a rotation.</param>
    public BlindIndexKeySet(BlindIndexer current, BlindIndexer? previous = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is not null && previous.LengthBits != current.LengthBits)
        {
            throw new ArgumentException($"The previous blind-index key indexes {previous.LengthBits} bits and the current one {current.LengthBits}: both must use the same length.", nameof(previous));
        }

        Current = current;
        Previous = previous;
    }

    /// <summary>The key every new index is computed under (Encrypt, reindex).</summary>
    public BlindIndexer Current { get; }

    /// <summary>The key being rotated out; null outside a rotation.</summary>
    public BlindIndexer? Previous { get; }

    /// <summary>
    /// The distinct indexes of <paramref name="value"/> in <paramref name="field"/> under every key held,
    /// the current key's first. Rows carrying any of them are candidates only: decrypt and compare.
    /// </summary>
    public IReadOnlyList<string> ComputeAll(string field, string value)
    {
        var current = Current.Compute(field, value);
        if (Previous is null)
        {
            return [current];
        }

        var previous = Previous.Compute(field, value);
        return string.Equals(current, previous, StringComparison.Ordinal) ? [current] : [current, previous];
    }

    public void Dispose()
    {
        Current.Dispose();
        Previous?.Dispose();
    }
}
