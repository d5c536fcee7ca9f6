using System.Collections.ObjectModel;

namespace Vaultflow.Core.Crypto;

/// <summary>
/// Non-secret key/value pairs bound to a data key (KMS encryption context). Vaultflow fixes it per
/// application and purpose, so data keys can be cached and shared across records; per-record
/// binding is done with GCM associated data instead.
/// </summary>
public sealed class EncryptionContext : IEquatable<EncryptionContext>
{
    private readonly SortedDictionary<string, string> _pairs;

    public EncryptionContext(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        _pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            ArgumentNullException.ThrowIfNull(value);
            _pairs.Add(key, value);
        }

        Pairs = new ReadOnlyDictionary<string, string>(_pairs);

        // Computed once: the pairs never change, and every encrypt/decrypt reads it several times (cache keys, AAD).
        Canonical = string.Join(';', _pairs.Select(p => Escape(p.Key) + "=" + Escape(p.Value)));
    }

    /// <summary>The pairs, ordered by key (ordinal), so the canonical form is stable.</summary>
    public IReadOnlyDictionary<string, string> Pairs { get; }

    /// <summary>The context Vaultflow uses for record data keys of one application.</summary>
    public static EncryptionContext ForApplication(string application, string purpose) => new(
    [
        new("vf-application", application),
        new("vf-purpose", purpose),
    ]);

    /// <summary>A stable, unambiguous string form ("k=v;..." with escaping), used as a cache key.</summary>
    public string Canonical { get; }

    public bool Equals(EncryptionContext? other) => other is not null && Canonical == other.Canonical;

    public override bool Equals(object? obj) => Equals(obj as EncryptionContext);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

    public override string ToString() => Canonical;

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace("=", "\\=", StringComparison.Ordinal);
}
